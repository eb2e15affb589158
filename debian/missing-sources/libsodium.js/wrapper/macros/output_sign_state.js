// ---------- output {var_name} (sign_state)

var {var_name}_address = new AllocatedBuf(208).address;
