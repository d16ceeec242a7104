// exception_path.cpp written by hand with stack objects.
#include <cstdio>
#include <stdexcept>

struct Job {
  long Data[16];
  explicit Job(long Seed) {
    for (int K = 0; K < 16; ++K)
      Data[K] = Seed + K;
  }
};
struct PickyJob {
  long Data[16];
  explicit PickyJob(long Seed) {
    if (Seed % 97 == 0)
      throw std::runtime_error("bad seed");
    for (int K = 0; K < 16; ++K)
      Data[K] = Seed - K;
  }
};

__attribute__((noinline)) long run(const Job &J, long I) {
  if (I % 89 == 0)
    throw std::runtime_error("failed");
  long T = 0;
  for (long D : J.Data)
    T += D;
  return T;
}
__attribute__((noinline)) long runPicky(const PickyJob &J) {
  long T = 0;
  for (long D : J.Data)
    T ^= D;
  return T;
}

int main() {
  long T = 0, Errors = 0;
  for (long I = 1; I < 16000000; ++I) {
    try {
      Job J(I);
      T += run(J, I);
    } catch (const std::exception &) {
      ++Errors;
    }
  }
  for (long I = 1; I < 8000000; ++I) {
    try {
      PickyJob J(I);
      T += runPicky(J);
    } catch (const std::exception &) {
      ++Errors;
    }
  }
  std::printf("checksum %ld errors %ld\n", T, Errors);
}
