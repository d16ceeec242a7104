int ok() { return 1; }
int broken() { return undeclared_name; }
