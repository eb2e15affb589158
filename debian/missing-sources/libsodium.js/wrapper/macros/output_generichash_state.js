// ---------- output {var_name} (generichash_state)

var {var_name}_address = new AllocatedBuf(357).address;
