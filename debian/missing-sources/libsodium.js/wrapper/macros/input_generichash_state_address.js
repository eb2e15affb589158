// ---------- input: {var_name} (generichash_state_address)

_require_defined(address_pool, {var_name}, "{var_name}");
