"""Writes a C++ file with pathological functions for the huge-function test:
one with 130000 pointer variables (over the location budget), one with deep
nesting and a 3000-term expression (over the recursion budget), then an
ordinary function that must still be analysed precisely."""
N = 130000
print("int *G;")
print("void huge(int k) {")
print("  int *first = new int(0);")
for i in range(N):
    print(f"  int *p{i} = first;")
print("  if (k) G = p5;")
print("}")
print("int deep(int k) {")
print("  int *one = new int(1);")
for i in range(200):
    print("  if (k > %d) {" % i)
print("  k += *one;")
for i in range(200):
    print("  }")
print("  int s = " + " + ".join(["k"] * 3000) + ";")
print("  delete one;")
print("  return s;")
print("}")
print("int fine() { int *two = new int(2); int v = *two; delete two; return v; }")
