// ---------- output {var_name} (xof_turboshake128_state)

var {var_name}_address = new AllocatedBuf(256).address;
