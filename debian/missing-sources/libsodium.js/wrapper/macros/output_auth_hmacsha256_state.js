// ---------- output {var_name} (auth_hmacsha256_state)

var {var_name}_address = new AllocatedBuf(208).address;
