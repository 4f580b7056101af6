// C++ workload: STL- and template-heavy text statistics. Generates a
// deterministic pseudo-random corpus, then counts words with std::map and
// std::unordered_map, sorts the frequency table with std::sort and a
// comparator object, finds bigrams in a std::set, and checks every result
// against an independent computation (sorted vector + run lengths).
//
//   cxx_words N     N words of corpus (the runner sizes N for ~1 s unprofiled)
//
// Exit status 1 with a one-line message when a result is wrong.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace {

struct Rng {
  uint64_t s;
  explicit Rng(uint64_t seed) : s(seed) {}
  uint64_t next() {
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    return s;
  }
};

std::string make_word(Rng &r) {
  static const char syll[][4] = {"ka", "lo", "mi", "nu", "ra", "te", "so", "vi", "ze", "qu"};
  // Zipf-like length and vocabulary: short words are common.
  unsigned n = 1 + static_cast<unsigned>(r.next() % 3);
  if (r.next() % 4 == 0)
    n += static_cast<unsigned>(r.next() % 3);
  std::string w;
  for (unsigned i = 0; i < n; i++)
    w += syll[r.next() % 10];
  return w;
}

template <class Map> Map count_words(const std::vector<std::string> &words) {
  Map m;
  for (const auto &w : words)
    ++m[w];
  return m;
}

struct ByCountThenWord {
  bool operator()(const std::pair<std::string, long> &a, const std::pair<std::string, long> &b) const {
    if (a.second != b.second)
      return a.second > b.second;
    return a.first < b.first;
  }
};

[[noreturn]] void fail(const char *what, long got, long want) {
  std::fprintf(stderr, "cxx_words: self-check failed: %s: got %ld, expected %ld\n", what, got,
               want);
  std::exit(1);
}

} // namespace

int main(int argc, char **argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: cxx_words N\n");
    return 2;
  }
  char *end;
  long n = std::strtol(argv[1], &end, 10);
  if (*argv[1] == 0 || *end || n < 2 || n > 100000000) {
    std::fprintf(stderr, "cxx_words: N must be an integer in 2..100000000, got '%s'\n", argv[1]);
    return 2;
  }
  Rng rng(0x2545F4914F6CDD1Dull);
  std::vector<std::string> words;
  words.reserve(static_cast<size_t>(n));
  for (long i = 0; i < n; i++)
    words.push_back(make_word(rng));

  auto ordered = count_words<std::map<std::string, long>>(words);
  auto hashed = count_words<std::unordered_map<std::string, long>>(words);

  std::vector<std::pair<std::string, long>> table(ordered.begin(), ordered.end());
  std::sort(table.begin(), table.end(), ByCountThenWord());

  std::set<std::pair<std::string, std::string>> bigrams;
  for (long i = 0; i + 1 < n; i += 7)
    bigrams.emplace(words[static_cast<size_t>(i)], words[static_cast<size_t>(i) + 1]);

  // Independent check: sort a copy and count runs.
  std::vector<std::string> sorted(words);
  std::sort(sorted.begin(), sorted.end());
  long distinct = 0, best = 0;
  std::string best_word;
  for (size_t i = 0; i < sorted.size();) {
    size_t j = i;
    while (j < sorted.size() && sorted[j] == sorted[i])
      j++;
    long c = static_cast<long>(j - i);
    distinct++;
    if (c > best) {
      best = c;
      best_word = sorted[i];
    }
    if (ordered[sorted[i]] != c)
      fail("std::map count", ordered[sorted[i]], c);
    if (hashed[sorted[i]] != c)
      fail("std::unordered_map count", hashed[sorted[i]], c);
    i = j;
  }
  if (static_cast<long>(ordered.size()) != distinct)
    fail("distinct words", static_cast<long>(ordered.size()), distinct);
  if (table.front().second != best || table.front().first != best_word)
    fail("most frequent word count", table.front().second, best);
  long total = 0;
  for (const auto &e : table)
    total += e.second;
  if (total != n)
    fail("total words", total, n);
  std::printf("cxx_words %ld words: %ld distinct, top '%s' x%ld, %zu bigrams ok\n", n, distinct,
              best_word.c_str(), best, bigrams.size());
  return 0;
}
