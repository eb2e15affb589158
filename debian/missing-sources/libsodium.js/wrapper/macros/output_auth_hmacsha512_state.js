// ---------- output {var_name} (auth_hmacsha512_state)

var {var_name}_address = new AllocatedBuf(416).address;
