// ---------- input: {var_name} (xof_shake256_state_address)

_require_defined(address_pool, {var_name}, "{var_name}");
