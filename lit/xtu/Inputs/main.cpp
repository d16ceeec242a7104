// Calls functions defined in lib.cpp. Without summaries they are unknown
// (-verify=none); with lib.cpp's summaries they are not (-verify=xtu).
void fill(int *p);
void keep(int *p);
int *ret(int *p);
void refp(int &r);
struct S {
  int v;
  void m();
  void leakThis();
};
extern "C" void cfill(int *p);
void later(int *p);

int main() {
  int *a = new int; // none-remark {{new int escapes to heap}} xtu-remark {{new int does not escape}} o2-remark {{new int stays on the heap: passed to 'fill', which may keep it}}
  fill(a);
  int ra = *a;
  delete a;
  int *b = new int; // none-remark {{new int escapes to heap}} xtu-remark {{new int escapes to heap}}
  keep(b);
  int *c = new int; // none-remark {{new int escapes to heap}} xtu-remark {{new int does not escape}} o2-remark {{new int stays on the heap: passed to 'ret', which may keep it}}
  ret(c);
  delete c;
  int *d = new int; // none-remark {{new int escapes to heap}} xtu-remark {{new int does not escape}} o2-remark {{new int stays on the heap: passed to 'refp', which may keep it}}
  refp(*d);
  delete d;
  S *s = new S; // none-remark {{new S escapes to heap}} xtu-remark {{new S does not escape}} o2-remark {{new S stays on the heap: passed to 'S::m', which may keep it}}
  s->m();
  delete s;
  S *t = new S; // none-remark {{new S escapes to heap}} xtu-remark {{new S escapes to heap}}
  t->leakThis();
  int *e = new int; // none-remark {{new int escapes to heap}} xtu-remark {{new int does not escape}} o2-remark {{new int stays on the heap: passed to 'cfill', which may keep it}}
  cfill(e);
  delete e;
  int *f = new int; // none-remark {{new int escapes to heap}} v1-remark {{new int escapes to heap}} v2-remark {{new int does not escape}}
  later(f);
  delete f;
  return ra;
}
