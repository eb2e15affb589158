// ---------- output {var_name} (xof_shake256_state)

var {var_name}_address = new AllocatedBuf(256).address;
