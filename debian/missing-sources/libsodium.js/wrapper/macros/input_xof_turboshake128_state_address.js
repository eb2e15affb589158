// ---------- input: {var_name} (xof_turboshake128_state_address)

_require_defined(address_pool, {var_name}, "{var_name}");
