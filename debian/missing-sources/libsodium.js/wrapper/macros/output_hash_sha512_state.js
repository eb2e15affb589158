// ---------- output {var_name} (hash_sha512_state)

var {var_name}_address = new AllocatedBuf(208).address;
