// ---------- output {var_name} (hash_sha256_state)

var {var_name}_address = new AllocatedBuf(104).address;
