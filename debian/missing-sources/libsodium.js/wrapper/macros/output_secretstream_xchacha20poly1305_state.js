// ---------- output {var_name} (secretstream_xchacha20poly1305_state)

var {var_name}_address = new AllocatedBuf(52).address;
