#!/bin/bash
# Compares the -m=2 output of two builds of the plugin, byte for byte, on
# the C++ units of seven corpus projects (bench/corpus/fetch.sh), compiled
# -fsyntax-only without a compile database (their own include flags):
# yaml-cpp, re2, libjsoncpp, tinyxml2, pugixml, muparser, double-conversion.
# A change meant to leave the verdicts alone must print the same.
#
# usage: bench/corpus/compare-verdicts.sh OLD_LIBDIR NEW_LIBDIR [OUT_DIR]
set -u
C=$(cd "$(dirname "$0")/../.." && pwd)/corpus
OLD=$(realpath "$1") NEW=$(realpath "$2") OUT=${3:-$(mktemp -d)}
mkdir -p $OUT/old $OUT/new
{
for f in $(ls $C/yaml-cpp/*/src/*.cpp); do echo "$f -I$(ls -d $C/yaml-cpp/*/include) -std=c++17"; done
for f in $(ls $C/re2/*/re2/*.cc $C/re2/*/util/*.cc 2>/dev/null); do echo "$f -I$(ls -d $C/re2/*/) -std=c++17"; done
for f in $(ls $C/libjsoncpp/*/src/lib_json/*.cpp); do echo "$f -I$(ls -d $C/libjsoncpp/*/include) -I$(ls -d $C/libjsoncpp/*/src/lib_json) -std=c++17"; done
for f in $(ls $C/tinyxml2/*/tinyxml2.cpp $C/pugixml/*/src/pugixml.cpp); do echo "$f -std=c++17"; done
for f in $(ls $C/muparser/*/src/*.cpp); do echo "$f -I$(ls -d $C/muparser/*/include) -std=c++17"; done
for f in $(ls $C/double-conversion/*/double-conversion/*.cc); do echo "$f -I$(ls -d $C/double-conversion/*/) -std=c++17"; done
} > $OUT/units
n=0; d=0
while read f args; do
  k=$(echo $f | tr / _)
  clang++-22 -w -fsyntax-only $args $f -fplugin=$OLD/ClangEscape.so -fplugin-arg-escape-m=2 > $OUT/old/$k 2>&1; echo "rc=$?" >> $OUT/old/$k
  clang++-22 -w -fsyntax-only $args $f -fplugin=$NEW/ClangEscape.so -fplugin-arg-escape-m=2 > $OUT/new/$k 2>&1; echo "rc=$?" >> $OUT/new/$k
  n=$((n+1)); cmp -s $OUT/old/$k $OUT/new/$k || { d=$((d+1)); echo "differs: $f"; }
done < $OUT/units
echo "$n units, $d differ; $(cat $OUT/old/* | grep -c 'remark:') remark lines; $(grep -L '^rc=0$' $OUT/old/* | wc -l) compiles fail"
[ "$d" -eq 0 ]
