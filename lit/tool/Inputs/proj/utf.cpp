int *utf() { /* é€😀 */ return new int(5); }
