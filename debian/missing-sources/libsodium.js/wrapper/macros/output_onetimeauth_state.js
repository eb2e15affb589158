// ---------- output {var_name} (onetimeauth_state)

var {var_name}_address = new AllocatedBuf(144).address;
