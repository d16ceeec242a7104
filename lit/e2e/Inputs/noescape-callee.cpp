struct S {
  int A[16];
};
int peek([[clang::noescape]] const S *P) { return P->A[3]; }
