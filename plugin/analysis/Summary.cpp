//===- Summary.cpp - Parameter summaries ----------------------------------===//
#include "analysis/Summary.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <sstream>

using namespace escape;

bool ParamLeaks::empty() const {
  if (Heap >= 0 || Result >= 0)
    return false;
  for (int C : Content)
    if (C >= 0)
      return false;
  return true;
}

bool ParamLeaks::keptItself() const {
  if (Heap == 0 || Result == 0)
    return true;
  for (int C : Content)
    if (C == 0)
      return true;
  return false;
}

bool ParamLeaks::notKeptNorFreed() const { return !keptItself() && Free != 0; }

bool ParamLeaks::notCaptured() const { return !keptItself() && Capture != 0; }

/// Never at level 0 or 1 (the pointer itself, what it points to).
static bool deeper(int Level) { return Level < 0 || Level >= 2; }

bool ParamLeaks::contentNotCapturedNorFreed() const {
  return deeper(Heap) && deeper(Result) && deeper(Capture) && deeper(Free) &&
         std::all_of(Content.begin(), Content.end(), deeper);
}

bool ParamLeaks::contentOnlyReturned() const {
  return deeper(Heap) && (Result < 0 || Result >= 1) &&
         deeper(CaptureBesidesResult) && deeper(Free) &&
         std::all_of(Content.begin(), Content.end(), deeper);
}

bool ParamLeaks::nothingReachableCapturedNorFreed() const {
  return Heap < 0 && Result < 0 && Capture < 0 && CaptureBesidesResult < 0 &&
         Free < 0 && std::all_of(Content.begin(), Content.end(), [](int C) {
           return C < 0;
         });
}

void ParamLeaks::addTo(int &Slot, int Derefs) {
  if (Derefs < 0)
    return;
  if (Slot < 0 || Derefs < Slot)
    Slot = Derefs;
}

void ParamLeaks::setContent(unsigned J, int Derefs) {
  if (Content.size() <= J)
    Content.resize(J + 1, -1);
  addTo(Content[J], Derefs);
}

void ParamLeaks::add(const ParamLeaks &O) {
  addTo(Heap, O.Heap);
  addTo(Result, O.Result);
  addTo(Free, O.Free);
  addTo(Capture, O.Capture);
  addTo(CaptureBesidesResult, O.CaptureBesidesResult);
  ContentOpaque |= O.ContentOpaque;
  for (unsigned J = 0; J < O.Content.size(); ++J)
    if (O.Content[J] >= 0)
      setContent(J, O.Content[J]);
}

bool ParamLeaks::operator==(const ParamLeaks &O) const {
  if (Heap != O.Heap || Result != O.Result || Free != O.Free ||
      Capture != O.Capture || CaptureBesidesResult != O.CaptureBesidesResult ||
      ContentOpaque != O.ContentOpaque)
    return false;
  size_t N = std::max(Content.size(), O.Content.size());
  for (unsigned J = 0; J < N; ++J)
    if (content(J) != O.content(J))
      return false;
  return true;
}

Summary Summary::leakAll(unsigned NumParams) {
  Summary S;
  S.Params.resize(NumParams);
  for (ParamLeaks &P : S.Params) {
    P.Heap = 0;
    P.Free = 0;
    P.Capture = 0;
    P.CaptureBesidesResult = 0;
    P.ContentOpaque = true;
  }
  S.ResultOpaque = true;
  S.ResultIdentityEscapes = true;
  return S;
}

std::string Summary::encode() const {
  std::string Out = ResultOpaque ? "!" : "";
  if (ResultIdentityEscapes)
    Out += '&';
  for (unsigned I = 0; I < Params.size(); ++I) {
    if (I)
      Out += ';';
    const ParamLeaks &P = Params[I];
    if (P.empty() && !P.ContentOpaque && P.Free < 0 && P.Capture < 0 &&
        P.CaptureBesidesResult < 0) {
      Out += '-';
      continue;
    }
    std::vector<std::string> Parts;
    if (P.ContentOpaque)
      Parts.push_back("x");
    if (P.Heap >= 0)
      Parts.push_back(fmt::format("h{}", P.Heap));
    if (P.Result >= 0)
      Parts.push_back(fmt::format("r{}", P.Result));
    for (unsigned J = 0; J < P.Content.size(); ++J)
      if (P.Content[J] >= 0)
        Parts.push_back(fmt::format("c{}:{}", J, P.Content[J]));
    if (P.Free >= 0)
      Parts.push_back(fmt::format("f{}", P.Free));
    if (P.Capture >= 0)
      Parts.push_back(fmt::format("k{}", P.Capture));
    if (P.CaptureBesidesResult != P.Capture)
      Parts.push_back(P.CaptureBesidesResult < 0
                          ? std::string("q-")
                          : fmt::format("q{}", P.CaptureBesidesResult));
    Out += fmt::format("{}", fmt::join(Parts, " "));
  }
  return Out;
}

static bool parseInt(const std::string &S, int &Out) {
  if (S.empty() || S.size() > 6)
    return false;
  for (char C : S)
    if (C < '0' || C > '9')
      return false;
  Out = std::atoi(S.c_str());
  return true;
}

bool Summary::decode(const std::string &Input, Summary &Out) {
  Out.Params.clear();
  size_t Start = 0;
  Out.ResultOpaque = Input.size() > Start && Input[Start] == '!';
  Start += Out.ResultOpaque;
  Out.ResultIdentityEscapes = Input.size() > Start && Input[Start] == '&';
  Start += Out.ResultIdentityEscapes;
  std::string Text = Input.substr(Start);
  if (Text.empty())
    return true;
  std::stringstream SS(Text);
  std::string Param;
  while (std::getline(SS, Param, ';')) {
    ParamLeaks P;
    bool Besides = false; // (a `q` part; else it is Capture)
    if (Param != "-") {
      std::stringstream PS(Param);
      std::string Part;
      while (PS >> Part) {
        int N = 0;
        if (Part == "x")
          P.ContentOpaque = true;
        else if (Part[0] == 'h' && parseInt(Part.substr(1), N))
          P.Heap = N;
        else if (Part[0] == 'r' && parseInt(Part.substr(1), N))
          P.Result = N;
        else if (Part[0] == 'f' && parseInt(Part.substr(1), N))
          P.Free = N;
        else if (Part[0] == 'k' && parseInt(Part.substr(1), N))
          P.Capture = N;
        else if (Part == "q-")
          Besides = true;
        else if (Part[0] == 'q' && parseInt(Part.substr(1), N)) {
          P.CaptureBesidesResult = N;
          Besides = true;
        } else if (Part[0] == 'c') {
          size_t Colon = Part.find(':');
          int J = 0;
          if (Colon == std::string::npos ||
              !parseInt(Part.substr(1, Colon - 1), J) ||
              !parseInt(Part.substr(Colon + 1), N) || J > 4096)
            return false;
          P.setContent(J, N);
        } else
          return false;
      }
    }
    if (!Besides)
      P.CaptureBesidesResult = P.Capture;
    Out.Params.push_back(P);
  }
  return true;
}

std::vector<std::string>
escape::paramRemarks(const std::string &Name, const ParamLeaks &L,
                     const std::vector<std::string> &ParamNames) {
  std::vector<std::string> Out;
  if (L.empty()) {
    Out.push_back(fmt::format("{} does not escape", Name));
    return Out;
  }
  if (L.Heap == 0)
    Out.push_back(fmt::format("leaking param: {}", Name));
  else if (L.Heap > 0)
    Out.push_back(fmt::format("leaking param content: {}", Name));
  if (L.Result >= 0)
    Out.push_back(
        fmt::format("leaking param: {} to result level={}", Name, L.Result));
  for (unsigned J = 0; J < L.Content.size(); ++J) {
    if (L.Content[J] < 0)
      continue;
    std::string Target = J < ParamNames.size() && !ParamNames[J].empty()
                             ? ParamNames[J]
                             : fmt::format("#{}", J);
    Out.push_back(fmt::format("leaking param: {} to *{} level={}", Name, Target,
                              L.Content[J]));
  }
  return Out;
}

size_t escape::paramRemarkNameAt(const std::string &Line) {
  if (Line.rfind("leaking param", 0) != 0)
    return 0;
  size_t Colon = Line.find(": ");
  return Colon == std::string::npos ? 0 : Colon + 2;
}
