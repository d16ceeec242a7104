import sys
sys.path.insert(0, sys.argv[1])
import profile as p  # bench/corpus/profile.py, not the standard module

totals = {"heap": 100, "converted": 10, "frame_local": 30}
project = [
    {"file": "/p/src/a.cpp", "function": "f", "allocations": 2000, "frame_local": 2000,
     "converted": 2005, "moved": "arena"},
]
print("project:", p.own_totals(project, "/corpus/pkg-1.0", totals))
framework = project + [
    {"file": "/p/googletest/src/gtest.cc", "function": "testing::X", "allocations": 30,
     "frame_local": 4, "converted": 35, "moved": "arena"},
]
print("framework:", p.own_totals(framework, "/corpus/pkg-1.0", totals))
