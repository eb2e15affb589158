// ---------- input: {var_name} (secretstream_xchacha20poly1305_state_address)

_require_defined(address_pool, {var_name}, "{var_name}");
