// Objective-C is skipped quietly: no remarks, no errors.
// RUN: %clang -fsyntax-only %m1 %s 2>&1 | FileCheck %s --allow-empty --implicit-check-not=remark --implicit-check-not=error
#include <stdlib.h>
@interface Box
- (int *)make;
@end
@implementation Box
- (int *)make { return malloc(4); }
@end
int *f(void) { return malloc(4); }
