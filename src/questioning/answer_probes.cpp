// Clauses worth reflecting back: see answer_probes.hpp.
#include "questioning/answer_probes.hpp"

#include <algorithm>

#include "questioning/lexicon.hpp"
#include "questioning/tokens.hpp"
#include "util/text.hpp"

namespace sq::questioning {

namespace {

using lexicon::one_of;

// The clauses of an answer, as words: a new one starts with a sentence, a
// quotation or bracket, after , ; : or a dash, and at a "but" (kept as its
// first word).
std::vector<std::vector<std::string>> clauses(std::string_view answer) {
  const std::string text = util::plain_apostrophes(util::utf8_prefix(answer, 2000));
  std::vector<std::vector<std::string>> out;
  bool ended = true;
  for (const auto& t : tokenize(text)) {
    if (ended || t.starts_sentence || t.after_colon || t.opens_quote || t.lower == "but") out.emplace_back();
    out.back().emplace_back(t.text);
    ended = t.clause_end;
  }
  return out;
}

// "I", "my", "we", "our" -> "you", "your"; "I am", "I was" -> "you are", "you were".
std::string second_person(const std::vector<std::string>& words) {
  static constexpr std::pair<std::string_view, std::string_view> swaps[] = {
      {"i", "you"},        {"me", "you"},         {"my", "your"},        {"mine", "yours"},   {"myself", "yourself"},
      {"we", "you"},       {"us", "you"},         {"our", "your"},       {"ours", "yours"},   {"i'm", "you're"},
      {"i've", "you've"},  {"i'd", "you'd"},      {"i'll", "you'll"},    {"we're", "you're"}, {"we've", "you've"},
      {"we'd", "you'd"},   {"we'll", "you'll"},   {"ourselves", "yourselves"}};
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string lower = util::ascii_lower(words[i]);
    std::string w = words[i];
    for (const auto& [from, to] : swaps) {
      if (lower == from) w = std::string(to);
    }
    const std::string before = i > 0 ? util::ascii_lower(words[i - 1]) : std::string();
    if (before == "i" && lower == "am") w = "are";
    if (before == "i" && lower == "was") w = "were";
    if (!out.empty()) out += ' ';
    out += w;
  }
  return out;
}

bool limit_clause(const std::vector<std::string>& lower) {
  // "It's a review I have to write for Mark": what the task is, not a limit.
  // "What I need to write is the case for support": what the task is, too.
  if (!lower.empty() && one_of(std::string_view(lower.front()), {"it's", "it", "this", "that's", "this's", "what"})) {
    return false;
  }
  static constexpr std::string_view single[] = {"must", "mustn't"};
  for (std::size_t i = 0; i < lower.size(); ++i) {
    // "would have to move": a consequence, not a limit the person sets.
    const bool consequence = i > 0 && one_of(std::string_view(lower[i - 1]), {"would", "will", "might", "may", "could"});
    if (consequence) continue;
    if (one_of(std::string_view(lower[i]), single)) return true;
    if (i + 1 < lower.size()) {
      const std::string_view a = lower[i];
      const std::string_view b = lower[i + 1];
      if ((a == "has" || a == "have" || a == "need" || a == "needs") && b == "to") return true;
      // "at least that's what the team says" hedges; it sets no limit.
      const bool hedge = b == "least" && i + 2 < lower.size() &&
                         one_of(std::string_view(lower[i + 2]), {"that", "that's", "it", "it's", "for", "so", "i", "we"});
      if ((a == "at" && (b == "most" || (b == "least" && !hedge))) || (a == "no" && (b == "more" || b == "later"))) {
        return true;
      }
    }
  }
  // "We don't want to change hotels more than twice."
  const bool negated = std::any_of(lower.begin(), lower.end(), [](const std::string& w) {
    return one_of(std::string_view(w), {"don't", "not", "won't", "never", "can't", "cannot", "mustn't", "doesn't"});
  });
  for (std::size_t i = 0; negated && i + 1 < lower.size(); ++i) {
    if ((lower[i] == "more" || lower[i] == "less" || lower[i] == "longer") && lower[i + 1] == "than") return true;
  }
  return false;
}

bool worry_clause(const std::vector<std::string>& lower) {
  static constexpr std::string_view words[] = {"worried", "worry", "worries", "afraid", "concerned", "scared",
                                               "nervous", "anxious", "fear", "fears", "dread"};
  // "Biggest worries: ransomware and ...": a heading that ends on its worry
  // word has not said what the worry is yet.
  if (!lower.empty() && one_of(std::string_view(lower.back()), words) && lower.size() <= 3) return false;
  if (std::any_of(lower.begin(), lower.end(), [](const std::string& w) { return one_of(std::string_view(w), words); })) {
    return true;
  }
  // Doubt about one's own ability: "I'm not sure I can do rhyme well", "I
  // don't know how to use it", "we're not confident with numbers".
  for (std::size_t i = 0; i + 2 < lower.size(); ++i) {
    const bool unsure = (lower[i] == "not" && lower[i + 1] == "sure") ||
                        ((lower[i] == "don't" || lower[i] == "doubt") && (lower[i + 1] == "know" || lower[i + 1] == "if"));
    std::size_t next = i + 2;
    if (next < lower.size() && (lower[next] == "if" || lower[next] == "whether")) ++next;
    const bool able = next + 1 < lower.size() && (lower[next] == "i" || lower[next] == "we") &&
                      (lower[next + 1] == "can" || lower[next + 1] == "could");
    if (unsure && (able || (lower[i + 1] == "know" && lower[i + 2] == "how"))) return true;
    if (lower[i] == "not" && lower[i + 1] == "confident") return true;
  }
  return false;
}

// "I don't speak German", "her diploma isn't recognised there", "we can't
// afford both": something in the way. Not knowing or not being sure is no
// obstacle ("I can't say", "I don't know").
bool obstacle_clause(const std::vector<std::string>& lower) {
  static constexpr std::string_view unknowing[] = {"know", "say", "tell", "remember", "recall", "think", "decide",
                                                   "understand", "be", "see", "wait", "imagine", "believe"};
  static constexpr std::string_view states[] = {"recognised", "recognized", "allowed", "possible", "accepted",
                                                "eligible", "permitted", "valid", "available", "covered"};
  for (std::size_t i = 0; i + 1 < lower.size(); ++i) {
    const std::string_view a = lower[i];
    const std::string_view b = lower[i + 1];
    if ((a == "can't" || a == "cannot" || a == "unable") && !one_of(b, unknowing)) {
      if (a == "unable" && b == "to" && i + 2 < lower.size() && one_of(std::string_view(lower[i + 2]), unknowing)) {
        return false;
      }
      return true;
    }
    if ((a == "don't" || a == "doesn't" || a == "not") && (b == "speak" || b == "drive")) return true;
    if (one_of(a, {"isn't", "aren't", "not", "wasn't"}) && one_of(b, states)) return true;
    if (a == "no" && b == "longer") return true;
  }
  return false;
}

// "I don't know whether I'd still get the AOW state pension", "we're not
// sure how the tax rules work": an open question the person names, opened
// by not knowing and a question word.
bool unknown_clause(const std::vector<std::string>& lower) {
  static constexpr std::string_view question_words[] = {"whether", "if", "how", "what", "why", "when", "which", "who"};
  for (std::size_t i = 0; i + 2 < lower.size() && i < 3; ++i) {
    const bool not_knowing = (lower[i] == "don't" && lower[i + 1] == "know") ||
                             (lower[i] == "not" && lower[i + 1] == "sure") || (lower[i] == "wonder" && i + 1 < lower.size());
    const std::size_t next = lower[i] == "wonder" ? i + 1 : i + 2;
    if (not_knowing && next < lower.size() && one_of(std::string_view(lower[next]), question_words) &&
        next + 4 < lower.size()) {  // "what that means" says too little to quote
      return true;
    }
  }
  return false;
}

// Does a clause opening with `word` have its own subject ("but she took
// one", not "but took one")?
bool full_clause(std::string_view word) {
  static constexpr std::string_view subjects[] = {"i", "we", "you", "he", "she", "it", "they", "the", "my", "our",
                                                  "there", "this", "that", "his", "her", "their", "i'm", "we're",
                                                  "it's", "he's", "she's", "they're", "there's", "i've", "we've"};
  const std::string lower = util::ascii_lower(word);
  return one_of(std::string_view(lower), subjects) || (!word.empty() && lexicon::is_upper(word.front()));
}

}  // namespace

std::vector<Probe> answer_probes(std::string_view answer) {
  std::vector<Probe> out;
  const auto has = [&](ProbeKind k) {
    return std::any_of(out.begin(), out.end(), [&](const Probe& p) { return p.kind == k; });
  };
  for (auto words : clauses(answer)) {
    std::vector<std::string> lower;
    for (const auto& w : words) lower.push_back(util::ascii_lower(w));
    const bool reservation = !lower.empty() && lower.front() == "but";
    if (reservation) {
      words.erase(words.begin());
      lower.erase(lower.begin());
    }
    // "so it has to be fixed first": the connective is not said back.
    while (words.size() > 2 && one_of(std::string_view(lower.front()), {"so", "and", "because", "since", "as"}) &&
           full_clause(words[1])) {
      words.erase(words.begin());
      lower.erase(lower.begin());
    }
    // A clause needs a few words to say back: "but only verbally" is two.
    if (words.size() < 2 || words.size() > 14) continue;
    // "but I would if there's something risky in there": the clause leaves
    // out what it would do, and said back it means nothing.
    if (lower.size() > 2 && one_of(std::string_view(lower[1]), {"would", "could", "will", "might", "can", "do", "did"}) &&
        lower[2] == "if") {
      continue;
    }
    // "... fixed before then", "... agree with that": said back alone, it
    // points at nothing.
    if (one_of(std::string_view(lower.back()), {"then", "that"})) continue;
    ProbeKind kind;
    if (worry_clause(lower)) {
      kind = ProbeKind::worry;
    } else if (unknown_clause(lower)) {
      kind = ProbeKind::unknown;
    } else if (limit_clause(lower)) {
      kind = ProbeKind::limit;
    } else if (reservation && words.size() >= 3 && full_clause(words.front())) {
      kind = ProbeKind::reservation;
    } else if (obstacle_clause(lower) && full_clause(words.front())) {
      kind = ProbeKind::obstacle;
    } else {
      continue;
    }
    if (has(kind)) continue;
    std::string clause = second_person(words);
    if (clause.size() > kMaxProbeClause) continue;  // never cut: a cut clause can say the opposite
    // A clause that opens the answer keeps its capital only for a name.
    static constexpr std::string_view openers[] = {"the", "a", "an", "this", "that", "these", "those", "it",
                                                   "there", "they", "he", "she", "everyone", "nobody", "someone",
                                                   "most", "some", "all", "both", "each", "nothing", "none",
                                                   "he's", "she's", "it's", "they're", "there's", "that's"};
    if (one_of(std::string_view(lower.front()), openers)) clause[0] = lower.front()[0];
    out.push_back({kind, std::move(clause)});
  }
  return out;
}

}  // namespace sq::questioning
