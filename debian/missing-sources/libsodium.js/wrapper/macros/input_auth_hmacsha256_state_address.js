// ---------- input: {var_name} (auth_hmacsha256_state_address)

_require_defined(address_pool, {var_name}, "{var_name}");
