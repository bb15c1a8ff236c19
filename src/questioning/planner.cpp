// The built-in question planner: see planner.hpp.
//
// The conversation is read once (conversation.hpp, with its domains from
// domain_choice.hpp), follow-ups come from follow_ups.hpp; this file ranks
// the catalogue's facets and assembles one batch.
#include "questioning/planner.hpp"

#include <algorithm>
#include <iterator>
#include <set>

#include "questioning/child_phrase.hpp"
#include "questioning/conversation.hpp"
#include "questioning/facet_catalogue.hpp"
#include "questioning/follow_ups.hpp"
#include "questioning/people_words.hpp"
#include "questioning/relative_phrase.hpp"
#include "questioning/subject_phrase.hpp"
#include "questioning/wording.hpp"
#include "util/text.hpp"

namespace sq::questioning {

namespace {

using namespace planning;

// ============================================================ facets in order of relevance

// How well a domain's questions, written for what people usually bring to
// it, fit the task at hand. A trip's, an event's, a purchase's or a policy's
// questions plan one: a dispute about a lost suitcase, a refused claim or a
// washing machine that arrived broken takes none of them ("What price range
// feels right?"), a fault needs its own questions first, and a speech for a
// wedding is no wedding to plan. A business's or a team's questions are about
// running it, context for the tool to be specified; a household's finances are not what
// an explanation of a fee needs; a study's design is background to a grant
// application being written.
double task_fit(std::string_view domain, TaskType task) {
  const bool planning_domain = domain == "travel" || domain == "events" || domain == "purchasing" || domain == "insurance";
  if (planning_domain) {
    switch (task) {
      // A ringing ear since a concert is a health concern, not an event to plan.
      case TaskType::health:
      case TaskType::dispute: return 0.0;
      case TaskType::diagnose:
      case TaskType::write:
      case TaskType::understand: return 0.3;
      default: return 1.0;
    }
  }
  // A home's questions are about work on it, a product's specification is
  // about building one: neither fits buying one, and a specification's
  // questions do not fit a fault, a dispute or an explanation.
  if (domain == "home" && task == TaskType::buy) return 0.3;
  if (domain == "software" && (task == TaskType::diagnose || task == TaskType::dispute || task == TaskType::understand)) {
    return 0.3;
  }
  if ((domain == "business" || domain == "teamwork") && task == TaskType::specify) return 0.5;
  // Hiring a freelancer to build a tool: the tool is what is specified.
  if (domain == "hiring" && task == TaskType::specify) return 0.5;
  // A school's questions help choose one and support a learner: a dispute
  // with a supervisor, a career change out of teaching or a piece of
  // writing needs few of them.
  if (domain == "education" && (task == TaskType::dispute || task == TaskType::write || task == TaskType::change ||
                                task == TaskType::health || task == TaskType::diagnose)) {
    return 0.3;
  }
  // A science domain's questions design an experiment: a choice of where to
  // study physics or an explanation of a p-value needs few of them.
  if (domain == "science" && task != TaskType::plan && task != TaskType::specify && task != TaskType::learn &&
      task != TaskType::none) {
    return 0.3;
  }
  if (domain == "finance" && task == TaskType::understand) return 0.6;
  if (domain == "research" && task == TaskType::write) return 0.5;
  return 1.0;
}

double domain_weight(const Conversation& c, std::string_view domain) {
  if (domain.starts_with("task:")) {
    if (c.request.task == TaskType::none || domain.substr(5) != task_name(c.request.task)) return 0.0;
    // Planning, buying, building and learning are better asked in the words of
    // their subject (a trip, a laptop, an app) once one is known; a fault, a
    // choice, a dispute or a piece of writing first needs its own questions.
    const bool subject_led = c.request.task == TaskType::plan || c.request.task == TaskType::buy ||
                             c.request.task == TaskType::specify || c.request.task == TaskType::learn;
    return subject_led && !c.domains.empty() ? 0.6 : 1.1;
  }
  if (domain == "generic") {
    if (!c.domains.empty()) return 0.35;
    return c.request.task == TaskType::none ? 1.0 : 0.5;
  }
  for (const auto& d : c.domains) {
    if (d.name == domain) return d.weight * task_fit(domain, c.request.task);
  }
  return 0.0;
}

// True when the conversation's task or one of its domains is among the facet's `not_for`.
bool excluded_here(const Conversation& c, std::size_t facet_index) {
  const auto& excluded = facet_not_for(facet_index);
  const auto tagged = [&](std::string_view tag) { return std::find(excluded.begin(), excluded.end(), tag) != excluded.end(); };
  if (c.request.task != TaskType::none && tagged("task:" + std::string(task_name(c.request.task)))) return true;
  // "about:child": the facet speaks to the person about themselves ("Do you
  // have any allergies?"), wrong when the concern is their child's.
  if (c.about_child && tagged("about:child")) return true;
  // "about:relative": the facet asks about the person's own body ("Do you
  // take any medicines?"), wrong when the concern is a grown-up relative's;
  // "about:self": the facet asks about that relative, wrong for anyone else.
  if (!c.relative.empty() && tagged("about:relative")) return true;
  if (c.relative.empty() && tagged("about:self")) return true;
  // "about:animal": the facet asks about a product ("brands or models",
  // "refurbished or second-hand"), wrong when what is bought is an animal.
  if (c.buys_animal && tagged("about:animal")) return true;
  // "about:product": the facet asks about an animal being bought, wrong for anything else.
  if (!c.buys_animal && tagged("about:product")) return true;
  return std::any_of(c.domains.begin(), c.domains.end(), [&](const DomainWeight& d) { return tagged(d.name); });
}

struct RankedFacet {
  std::size_t index = 0;
  double score = 0;
};

// Facets of the chosen domains and the generic set, most relevant first.
std::vector<RankedFacet> rank_facets(const Conversation& c) {
  std::vector<RankedFacet> ranked;
  const auto& facets = facet_catalogue();
  for (std::size_t i = 0; i < facets.size(); ++i) {
    const double weight = domain_weight(c, facets[i].domain);
    if (weight <= 0) continue;
    if (excluded_here(c, i)) continue;
    if (facets[i].needs_trigger && (facet_triggers(i).empty() || !facet_triggers(i).found_in(c.evidence))) continue;
    // Another language: only facets worded in it.
    if (c.language != "en" && find_translation(facets[i].id, c.language) == nullptr) continue;
    double score = weight * (11 - facets[i].priority);
    if (!facet_triggers(i).empty() && facet_triggers(i).found_in(c.context_words)) score += 2;
    ranked.push_back({i, score});
  }
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const RankedFacet& a, const RankedFacet& b) { return a.score > b.score; });
  return ranked;
}

PlannedQuestion worded_facet_question(const Facet& f, const Conversation& c, bool name_subject);

// A facet's question; with `name_subject`, its wording that names the
// request's subject, when it has one and the subject is known. A request
// about the person's own child names them ("How is your son sleeping?").
PlannedQuestion facet_question(const Facet& f, const Conversation& c, bool name_subject = false) {
  PlannedQuestion q = worded_facet_question(f, c, name_subject);
  q.text = name_the_child(std::move(q.text), c.child);
  q.text = name_the_relative(std::move(q.text), c.relative);
  return q;
}

PlannedQuestion worded_facet_question(const Facet& f, const Conversation& c, bool name_subject) {
  // A domain's questions were written for its own subjects: they name the
  // subject only when it belongs to the domain ("the party" to events, not
  // "losing 10 kg"), and never a gerund phrase ("Who will use moving ..."),
  // except in learning, whose subjects are gerunds ("learning statistics").
  const bool domain_facet = !f.domain.starts_with("task:") && f.domain != "generic";
  const bool gerund = util::ascii_lower(c.topic.substr(0, c.topic.find(' '))).ends_with("ing");
  // The subject of a choice or a purchase does not exist yet: "Are vaccinations
  // up to date for your second dog?" of a dog still to be adopted.
  const bool prospective = (c.request.task == TaskType::decide || c.request.task == TaskType::buy) &&
                           (f.domain == "pets" || f.domain == "health");
  const bool fits = !domain_facet || (c.subject_domains.count(f.domain) != 0 && (!gerund || f.domain == "learning") &&
                                      !prospective);
  // A person is never what a facet is about: "Who will read or hear your PhD
  // supervisor?" of a dispute with one.
  const std::string_view head = std::string_view(c.subject_short).substr(c.subject_short.rfind(' ') + 1);
  const bool person = c.language == "en" && people::is_person("en", util::ascii_lower(head));
  const bool subject = name_subject && c.topic != "this" && fits && !person;
  if (c.language != "en") {
    if (const FacetTranslation* t = find_translation(f.id, c.language)) {
      if (!c.party.empty() && !t->with_party.empty()) {
        return {finish_question(fill(t->with_party, "{party}", c.party)), std::string(f.id),
                std::string(t->importance), std::string(t->look_for)};
      }
      const bool named = subject && !t->with_subject.empty();
      return {finish_question(named ? fill_subject(t->with_subject, c.topic, c.language) : std::string(t->question)),
              std::string(f.id), std::string(t->importance), std::string(t->look_for)};
    }
    // A language the catalogue lacks is asked in English, never with
    // another language's words filled in.
    return {finish_question(fill(f.question, "{topic}", "this")), std::string(f.id), std::string(f.importance),
            std::string(f.look_for)};
  }
  // The other side, named as the request names it: "What has the builder said ...?"
  if (!c.party.empty() && !f.with_party.empty()) {
    return {finish_question(fill(f.with_party, "{party}", c.party)), std::string(f.id), std::string(f.importance),
            std::string(f.look_for)};
  }
  if (subject && !f.with_subject.empty()) {
    return {finish_question(fill(f.with_subject, "{subject}", c.topic)), std::string(f.id),
            std::string(f.importance), std::string(f.look_for)};
  }
  // A domain's plain wording names the subject only where its own wording
  // would ("What problem should switching your CI solve?" would not).
  const std::string_view topic =
      (domain_facet && !subject) || person ? std::string_view("this") : std::string_view(c.topic);
  return {finish_question(fill(f.question, "{topic}", topic)), std::string(f.id), std::string(f.importance),
          std::string(f.look_for)};
}

// ============================================================ one batch

// The questions chosen so far, refusing anything that repeats the conversation.
// A follow-up's wording without the person's details in it (words with a
// digit or a capital after the first): "What exactly happened around 15
// March ...?" and "... around 2 July ...?" have the same shape.
std::string follow_up_shape(std::string_view text) {
  std::vector<std::string_view> words;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t end = std::min(text.find(' ', i), text.size());
    words.push_back(text.substr(i, end - i));
    i = end + 1;
  }
  const auto has_digit = [](std::string_view w) {
    return std::any_of(w.begin(), w.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
  };
  std::string out;
  for (std::size_t k = 0; k < words.size(); ++k) {
    const std::string_view w = words[k];
    // A number, a capitalised name, and a word right before a number
    // ("lisinopril 10 mg") are the person's details.
    static constexpr std::string_view kept[] = {"with", "from", "than", "about", "around", "after", "before",
                                                "over", "under", "since", "until", "during", "within"};
    const bool before_number = k + 1 < words.size() && has_digit(words[k + 1]) && w.size() >= 4 &&
                               std::find(std::begin(kept), std::end(kept), w) == std::end(kept);
    // ... and so are a counted thing: "three sites", "140 volunteers".
    static constexpr std::string_view numbers[] = {"two", "three", "four", "five", "six", "seven", "eight", "nine",
                                                   "ten", "eleven", "twelve", "twenty", "thirty", "forty", "fifty",
                                                   "hundred", "dozen", "several", "few"};
    const auto number_word = [&](std::string_view x) {
      return std::find(std::begin(numbers), std::end(numbers), util::ascii_lower(x)) != std::end(numbers);
    };
    // ("by Q4, and ...": after a comma the next word is no longer what is counted.)
    const bool after_number = k > 0 && (has_digit(words[k - 1]) || number_word(words[k - 1])) && k + 1 < words.size() &&
                              !words[k - 1].ends_with(',') && !words[k - 1].ends_with(';');
    // "late March", "early May": the part of the month is the date's too.
    const bool part_of_month = k + 1 < words.size() && (w == "late" || w == "early" || w == "mid") &&
                               !words[k + 1].empty() && words[k + 1].front() >= 'A' && words[k + 1].front() <= 'Z';
    const bool detail = has_digit(w) || number_word(w) || after_number || part_of_month ||
                        (k > 0 && !w.empty() && w.front() >= 'A' && w.front() <= 'Z') || before_number;
    if (!detail) (out += util::ascii_lower(w)) += ' ';
  }
  return out;
}

class BatchBuilder {
 public:
  BatchBuilder(const Conversation& c, const PlanRequest& r, std::size_t capacity)
      : c_(c), r_(r), capacity_(capacity) {
    for (const auto& q : r.asked) {
      if (is_follow_up_id(q.facet_id)) shapes_.insert(follow_up_shape(q.text));
    }
  }

  bool full() const { return chosen_.size() >= capacity_; }
  void set_capacity(std::size_t capacity) { capacity_ = capacity; }
  const std::vector<PlannedQuestion>& chosen() const { return chosen_; }
  bool has(std::string_view facet_id) const { return ids_.count(std::string(facet_id)) != 0; }

  // True when a chosen catalogue facet follows up this kind of detail itself.
  bool asks_about(TermKind kind) const {
    return std::any_of(chosen_.begin(), chosen_.end(), [&](const PlannedQuestion& q) {
      const Facet* f = find_facet(q.facet_id);
      return f != nullptr && f->drill_on == kind;
    });
  }
  std::size_t size() const { return chosen_.size(); }

  // True when the question nearly repeats one asked before or chosen now.
  bool repeats(const PlannedQuestion& q) const {
    if (!is_follow_up_id(q.facet_id) && (c_.asked_ids.count(q.facet_id) != 0 || ids_.count(q.facet_id) != 0)) {
      return true;
    }
    // A follow-up wording is used once a conversation, whatever it is about:
    // the next of its wordings is tried instead.
    if (is_follow_up_id(q.facet_id) && shapes_.count(follow_up_shape(q.text)) != 0) return true;
    const auto words = content_words(q.text, c_.topic_words);
    const auto close = [&](const Wording& other) {
      return jaccard(words, other) >= kNearDuplicateWording;
    };
    return std::any_of(c_.asked_wording.begin(), c_.asked_wording.end(), close) ||
           std::any_of(wording_.begin(), wording_.end(), close);
  }

  // Adds the first wording that neither repeats nor is vetoed; false if none.
  bool add_first(const std::vector<PlannedQuestion>& options) {
    for (const auto& q : options) {
      if (full() || repeats(q) || vetoed(q)) continue;
      wording_.push_back(content_words(q.text, c_.topic_words));
      ids_.insert(q.facet_id);
      if (is_follow_up_id(q.facet_id)) shapes_.insert(follow_up_shape(q.text));
      chosen_.push_back(q);
      return true;
    }
    return false;
  }

  bool any_fresh(const std::vector<PlannedQuestion>& options) const {
    return std::any_of(options.begin(), options.end(), [&](const PlannedQuestion& q) { return !repeats(q); });
  }

  std::vector<PlannedQuestion> take() { return std::move(chosen_); }

 private:
  bool vetoed(const PlannedQuestion& q) const { return r_.too_similar && r_.too_similar(q.text); }

  const Conversation& c_;
  const PlanRequest& r_;
  std::size_t capacity_;
  std::vector<PlannedQuestion> chosen_;
  std::vector<Wording> wording_;
  std::set<std::string> ids_;
  std::set<std::string> shapes_;  // follow_up_shape of every follow-up asked or chosen
};

constexpr std::size_t kSubjectMentionsFirst = 4;
constexpr std::size_t kSubjectMentionsLater = 1;

bool names_subject(const Conversation& c, std::string_view text) {
  if (c.topic == "this") return false;
  return text.find(c.topic) != std::string_view::npos ||
         (c.subject_short != c.topic && text.find(c.subject_short) != std::string_view::npos);
}

// After its first mention in a batch the subject goes by its shorter name:
// "your Postgres replica", then "the replica".
void shorten_repeated_subject(const Conversation& c, const std::vector<AskedQuestion>& asked,
                              std::vector<PlannedQuestion>& questions) {
  if (c.topic == "this" || c.subject_short == c.topic) return;
  // Named in full once in the conversation, the subject goes by its short name.
  bool seen = std::any_of(asked.begin(), asked.end(),
                          [&](const AskedQuestion& q) { return q.text.find(c.topic) != std::string::npos; });
  for (auto& q : questions) {
    const auto at = q.text.find(c.topic);
    if (at == std::string::npos) continue;
    if (seen) q.text.replace(at, c.topic.size(), c.subject_short);
    seen = true;
  }
}

// Themes already dealt with: those of every catalogue facet asked so far.
std::set<std::string_view> asked_themes(const Conversation& c) {
  std::set<std::string_view> themes;
  for (const auto& id : c.asked_ids) {
    const Facet* f = find_facet(id);
    if (f != nullptr && !f->theme.empty()) themes.insert(f->theme);
  }
  return themes;
}

// Adds facets in order of relevance while there is room; returns how many
// relevant facets are left for later batches, the first of them in `open`.
int add_facets(const Conversation& c, BatchBuilder& batch, std::vector<OpenFacet>& open) {
  auto themes = asked_themes(c);
  // Facets of a domain and of a task sometimes ask the same thing ("the time
  // you have each week"): one subject is asked once.
  std::set<std::string_view> subjects;
  const auto note = [&](std::string_view id) {
    if (const Facet* f = find_facet(id)) {
      if (!f->theme.empty()) themes.insert(f->theme);
      subjects.insert(f->subject);
    }
  };
  for (const auto& id : c.asked_ids) note(id);
  for (const auto& q : batch.chosen()) note(q.facet_id);
  // A first batch names the subject in up to four questions, a later one in
  // one: enough to show the request was read, not so often that it drones.
  // Other languages have no shorter second name ("votre appartement" stays
  // whole), so one mention fewer.
  const std::size_t first_limit = c.language == "en" ? kSubjectMentionsFirst : kSubjectMentionsFirst - 1;
  const std::size_t subject_limit = c.asked_ids.empty() ? first_limit : kSubjectMentionsLater;
  std::size_t subject_named = 0;
  for (const auto& q : batch.chosen()) subject_named += names_subject(c, q.text) ? 1 : 0;
  int remaining = 0;
  for (const auto& ranked : rank_facets(c)) {
    const Facet& f = facet_catalogue()[ranked.index];
    if (c.asked_ids.count(f.id) != 0 || batch.has(f.id)) continue;
    if (!f.theme.empty() && themes.count(f.theme) != 0) continue;
    if (subjects.count(f.subject) != 0) continue;
    const bool is_covered = covered(c, ranked.index);
    // A covered generic facet leaves its theme to a more specific facet.
    if (!f.theme.empty() && (!is_covered || f.domain != "generic")) themes.insert(f.theme);
    if (is_covered) continue;
    // Whether a facet is asked again is decided on its plain wording, so that
    // naming the subject never changes which facets a conversation gets.
    auto q = facet_question(f, c);
    if (batch.repeats(q)) continue;
    if (!batch.full() && subject_named < subject_limit) {
      if (auto named = facet_question(f, c, true); named.text != q.text && !batch.repeats(named)) q = std::move(named);
    }
    if (!batch.full()) {
      if (batch.add_first({q})) {
        subjects.insert(f.subject);  // a veto drops the facet for good
        subject_named += names_subject(c, q.text) ? 1 : 0;
      }
      continue;
    }
    subjects.insert(f.subject);
    ++remaining;
    if (open.size() < kMaxOpenFacets) open.push_back({q.facet_id, std::string(f.subject), q.importance});
  }
  return remaining;
}

// ============================================================ vague requests

// The open questions a request that says too little gets first, per language.
struct VagueWording {
  std::string_view language;
  std::string_view about;          // when nothing names a subject
  std::string_view about_subject;  // with {topic}
  std::string_view outcome;
  std::string_view advice_word;    // the word for advice ("advice", "conseil")
  std::string_view about_advice;   // when the person asks for advice and names nothing
};

constexpr VagueWording kVague[] = {
    {"en", "What is this about — could you describe the situation in a sentence or two?",
     "What about {topic} would you like help with — what is the situation at the moment?",
     "What would you like to come out of this — a decision, a plan, a piece of writing, an explanation, or something else?",
     "advi", "What would you like advice on — could you describe the situation in a sentence or two?"},
    {"fr", "De quoi s'agit-il — pourriez-vous décrire la situation en une ou deux phrases ?", "",
     "Qu'aimeriez-vous obtenir — une décision, un plan, un texte, une explication, ou autre chose ?", "conseil",
     "Sur quoi aimeriez-vous un conseil — pourriez-vous décrire la situation en une ou deux phrases ?"},
    {"de", "Worum geht es — könnten Sie die Lage in ein, zwei Sätzen beschreiben?", "",
     "Was soll am Ende herauskommen — eine Entscheidung, ein Plan, ein Text, eine Erklärung oder etwas anderes?", "rat",
     "Wobei hätten Sie gern einen Rat — könnten Sie die Lage in ein, zwei Sätzen beschreiben?"},
    {"es", "¿De qué se trata? ¿Podría describir la situación en una o dos frases?", "",
     "¿Qué le gustaría obtener: una decisión, un plan, un texto, una explicación u otra cosa?", "consej",
     "¿Sobre qué le gustaría recibir consejo? ¿Podría describir la situación en una o dos frases?"},
};

bool is_vague_id(std::string_view id) { return id.starts_with("vague."); }

std::vector<PlannedQuestion> vague_questions(const Conversation& c, std::size_t capacity) {
  const VagueWording* w = &kVague[0];
  for (const auto& v : kVague) {
    if (v.language == c.language) w = &v;
  }
  // "Sleep.", "help with something at work": the one word that carries
  // meaning names what it is about, so two vague requests differ.
  const std::string topic =
      c.topic != "this" ? c.topic
      : (c.request.content_words == 1 && c.request.content_word.size() >= 3 &&
         std::all_of(c.request.content_word.begin(), c.request.content_word.end(), [](char ch) { return ch >= 'a' && ch <= 'z'; }))
          ? c.request.content_word
          : std::string("this");
  const bool subject = topic != "this" && !w->about_subject.empty();
  // "I need advice" is asked what on, "help" what it is about.
  const bool advice = c.context_words.contains_prefix(w->advice_word);
  std::vector<PlannedQuestion> out;
  out.push_back({std::string(subject  ? fill(w->about_subject, "{topic}", topic)
                             : advice ? std::string(w->about_advice)
                                      : std::string(w->about)),
                 "vague.about", "Nothing can be planned well until it is clear what this is about.",
                 "The situation in the person's own words: what is going on and what they want help with."});
  if (capacity > 1) {
    out.push_back({std::string(w->outcome), "vague.outcome",
                   "Knowing the kind of result wanted decides which questions matter next.",
                   "Whether they need a decision, a plan, a text, an explanation or something else."});
  }
  return out;
}

// A vague request's answers about what it is about read as part of the
// request: the next batch is planned from them.
PlanRequest with_vague_answers(const PlanRequest& request) {
  std::set<int> vague_numbers;
  for (const auto& q : request.asked) {
    if (is_vague_id(q.facet_id)) vague_numbers.insert(q.number);
  }
  if (vague_numbers.empty()) return request;
  const bool only_vague = vague_numbers.size() == request.asked.size();
  PlanRequest out = request;
  for (const auto& a : request.answers) {
    const bool about = a.question_number ? vague_numbers.count(*a.question_number) != 0 : only_vague;
    if (about && !util::trim(a.text).empty()) {
      if (!out.context.empty()) out.context += ". ";
      out.context += a.text;
    }
  }
  return out;
}

}  // namespace

double wording_similarity(std::string_view a, std::string_view b) {
  return jaccard(content_words(a), content_words(b));
}

Plan plan_batch(const PlanRequest& original) {
  const PlanRequest request = with_vague_answers(original);
  const auto capacity = static_cast<std::size_t>(std::clamp(request.batch_size, 1, 10));
  const Conversation c = read_conversation(request);

  Plan plan;
  plan.language = c.language;
  plan.task = std::string(task_name(c.request.task));
  plan.subject = c.topic == "this" ? std::string() : c.topic;
  for (const auto& d : c.domains) plan.domains.emplace_back(d.name);
  if (plan.domains.empty()) plan.domains.emplace_back("generic");
  const bool vague = c.request.vague || (c.request.content_words <= 2 && c.request.task == TaskType::none &&
                                         c.domains.empty());
  if (vague && request.asked.empty()) {
    // First find out what it is about; budget and timeline can wait.
    plan.questions = vague_questions(c, capacity);
    plan.next_batch_needed = true;
    plan.total_questions_estimated = static_cast<int>(plan.questions.size()) + 5;
    return plan;
  }
  const auto waiting = follow_ups(request, c);

  BatchBuilder batch(c, request, capacity);
  // A follow-up batch mixes follow-ups (about half) with new facets.
  // Most of a later batch builds on what the person said: two in three.
  std::size_t follow_up_share = waiting.empty() ? 0 : std::max<std::size_t>(1, (capacity * 2 + 2) / 3);
  // A first batch is mostly about what has not been said: the request's own
  // details get the last place, after the facets.
  if (request.asked.empty()) {
    follow_up_share = 0;
    if (!waiting.empty() && capacity > 2) batch.set_capacity(capacity - 1);
  }
  std::size_t next = 0;
  for (; next < waiting.size() && batch.size() < follow_up_share; ++next) {
    batch.add_first(follow_up_questions(waiting[next], c.language));
  }
  std::vector<OpenFacet> open;
  int remaining = add_facets(c, batch, open);
  batch.set_capacity(capacity);
  for (; next < waiting.size() && !batch.full(); ++next) {
    // A chosen facet that already asks about this kind of detail makes the follow-up redundant.
    if (waiting[next].facet_id == "drill:request" && batch.asks_about(waiting[next].kind)) continue;
    batch.add_first(follow_up_questions(waiting[next], c.language));
  }
  if (!batch.full()) {
    open.clear();
    remaining = add_facets(c, batch, open);
  }
  int follow_ups_left = 0;
  for (; next < waiting.size(); ++next) follow_ups_left += batch.any_fresh(follow_up_questions(waiting[next], c.language)) ? 1 : 0;

  plan.questions = batch.take();
  shorten_repeated_subject(c, request.asked, plan.questions);
  plan.open_facets = std::move(open);
  plan.remaining_relevant = remaining;
  plan.next_batch_needed = remaining > 0 || follow_ups_left > 0;
  plan.total_questions_estimated =
      static_cast<int>(request.asked.size() + plan.questions.size()) + plan.remaining_relevant;
  return plan;
}

}  // namespace sq::questioning
