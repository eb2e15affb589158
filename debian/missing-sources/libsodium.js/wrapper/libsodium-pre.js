(function(root) {

function expose_libsodium(exports) {
    "use strict";
    var Module = exports;
