// Wording similarity: see wording.hpp.
#include "questioning/wording.hpp"

#include <algorithm>
#include <string>

#include "questioning/lexicon.hpp"

namespace sq::questioning::planning {

namespace {

using lexicon::is_digit;
using lexicon::is_lower;
using lexicon::is_upper;

constexpr std::string_view kSimilarityStopwords[] = {
    "a", "an", "the", "and", "or", "but", "if", "so", "to", "of", "in", "on", "at", "by", "for", "from", "with",
    "about", "into", "over", "than", "then", "as", "is", "are", "was", "were", "be", "been", "being", "am", "do",
    "does", "did", "have", "has", "had", "will", "would", "could", "should", "can", "may", "might", "must", "i",
    "me", "my", "we", "us", "our", "you", "your", "yours", "you're", "you've", "you'd", "you'll", "it", "its",
    "it's", "this", "that", "these", "those", "there", "here", "they", "them", "their", "he", "she", "his", "her",
    "what", "what's", "which", "who", "whom", "how", "when", "where", "why", "any", "anything", "some",
    "something", "all", "each", "every", "just", "also", "still", "only", "more", "most", "much", "many", "very",
    "too", "not", "no", "yes", "up", "out", "else", "like", "mentioned", "i'd", "i'm", "let", "that's", "there's",
    "don't", "isn't", "haven't", "or", "such", "one", "there", "already", "now", "so", "far"};


std::uint64_t word_hash(std::string_view w) {
  std::uint64_t h = 14695981039346656037ull;  // FNV-1a
  for (const char ch : w) {
    h ^= static_cast<unsigned char>(ch);
    h *= 1099511628211ull;
  }
  return h;
}

bool is_word_byte(char ch) { return is_lower(ch) || is_upper(ch) || is_digit(ch) || static_cast<unsigned char>(ch) >= 0x80; }

// Calls `emit` with each lower-cased word of `text`, split as util::words does.
template <typename Emit>
void for_each_word(std::string_view text, Emit emit) {
  std::string word;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    const char ch = i < text.size() ? text[i] : ' ';
    if (is_word_byte(ch)) {
      word += is_upper(ch) ? static_cast<char>(ch - 'A' + 'a') : ch;
    } else if (ch == '\'' && !word.empty() && i + 1 < text.size() && is_word_byte(text[i + 1])) {
      word += ch;
    } else if (!word.empty()) {
      emit(word);
      word.clear();
    }
  }
}

// "cities" -> "city", "flights" -> "flight", "sister's" -> "sister"
void fold_plural(std::string& w) {
  if (w.ends_with("'s")) w.resize(w.size() - 2);
  if (w.size() > 4 && w.ends_with("ies")) {
    w.resize(w.size() - 3);
    w += 'y';
  } else if (w.size() > 3 && w.back() == 's' && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is")) {
    w.pop_back();
  }
}

const Wording& stopword_hashes() {
  static const Wording hashes = [] {
    Wording out;
    for (const auto w : kSimilarityStopwords) out.push_back(word_hash(w));
    std::sort(out.begin(), out.end());
    return out;
  }();
  return hashes;
}

// The content words of `text`, leaving out any in `excluded`.

}  // namespace

Wording content_words(std::string_view text, const Wording& excluded) {
  Wording out;
  const auto& stop = stopword_hashes();
  for_each_word(text, [&](std::string& w) {
    if (std::binary_search(stop.begin(), stop.end(), word_hash(w))) return;
    fold_plural(w);
    const auto h = word_hash(w);
    if (!std::binary_search(excluded.begin(), excluded.end(), h)) out.push_back(h);
  });
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

double jaccard(const Wording& a, const Wording& b) {
  if (a.empty() && b.empty()) return 1.0;
  std::size_t common = 0;
  for (auto i = a.begin(), j = b.begin(); i != a.end() && j != b.end();) {
    if (*i < *j) {
      ++i;
    } else if (*j < *i) {
      ++j;
    } else {
      ++common;
      ++i;
      ++j;
    }
  }
  return static_cast<double>(common) / static_cast<double>(a.size() + b.size() - common);
}

}  // namespace sq::questioning::planning
