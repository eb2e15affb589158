// ---------- input: {var_name} (hash_sha3256_state_address)

_require_defined(address_pool, {var_name}, "{var_name}");
