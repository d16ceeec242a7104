#include "odr-reader.h"
long other(int X) {
  Big B{};
  B.A[0] = X;
  return readBig(B);
}
