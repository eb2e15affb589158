// ---------- output {var_name} (hash_sha3256_state)

var {var_name}_address = new AllocatedBuf(256).address;
