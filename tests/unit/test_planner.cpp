// Tests for the built-in planner and the facet catalogue: relevance, coverage,
// follow-ups built on the person's words, no repeats, topic wording, speed.
#include <doctest/doctest.h>

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "questioning/answer_parser.hpp"
#include "questioning/facet_catalogue.hpp"
#include "questioning/planner.hpp"
#include "questioning/subject_phrase.hpp"

using namespace sq::questioning;

namespace {

const std::vector<std::string> kDomains = {
    "travel",  "insurance", "software", "hiring",  "health",   "finance", "events",     "learning",
    "research", "purchasing", "operations", "legal", "home",   "parenting", "pets",    "career",
    "writing", "fitness",   "education", "business", "teamwork", "science", "cooking", "relocation",
    "generic"};

std::string domain_of(const std::string& facet_id) {
  const Facet* f = find_facet(facet_id);
  return f == nullptr ? std::string() : std::string(f->domain);
}

// True when the question comes from `domain`'s facets or from those of the task the plan recognised.
bool of_domain_or_task(const Plan& plan, const std::string& facet_id, const std::string& domain) {
  const auto d = domain_of(facet_id);
  return d == domain || (!plan.task.empty() && d == "task:" + plan.task);
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string ids(const Plan& plan) {
  std::string out;
  for (const auto& q : plan.questions) (out += q.facet_id) += ' ';
  return out;
}

// Plays a conversation: each batch is asked, numbered and answered.
class Conversation {
 public:
  explicit Conversation(std::string context, int batch_size = 5) {
    request_.context = std::move(context);
    request_.batch_size = batch_size;
  }

  Plan next(const std::function<std::string(const PlannedQuestion&, int)>& answer = {}) {
    const Plan plan = plan_batch(request_);
    for (const auto& q : plan.questions) {
      const int number = static_cast<int>(request_.asked.size()) + 1;
      request_.asked.push_back({number, q.text, q.facet_id});
      if (answer) {
        const auto text = answer(q, number);
        if (!text.empty()) request_.answers.push_back({number, text});
      }
    }
    return plan;
  }

  void answer_freely(std::string text) { request_.answers.push_back({std::nullopt, std::move(text)}); }
  PlanRequest& request() { return request_; }
  const std::vector<AskedQuestion>& asked() const { return request_.asked; }

 private:
  PlanRequest request_;
};

void check_well_formed(const std::string& question) {
  CAPTURE(question);
  REQUIRE(!question.empty());
  CHECK(question.front() >= 'A');
  CHECK(question.front() <= 'Z');
  CHECK(question.back() == '?');
  CHECK(!contains(question, "{"));
  CHECK(!contains(question, "  "));
}

}  // namespace

// ------------------------------------------------------------------ catalogue

TEST_CASE("catalogue: size, unique ids and complete entries") {
  const auto& facets = facet_catalogue();
  CHECK(facets.size() >= 80);
  std::set<std::string_view> seen;
  for (const auto& f : facets) {
    CAPTURE(f.id);
    CHECK(seen.insert(f.id).second);
    const std::string domain(f.domain);
    CHECK(f.id.starts_with((domain.starts_with("task:") ? domain.substr(5) : domain) + "."));
    CHECK(!f.question.empty());
    CHECK(!f.importance.empty());
    CHECK(!f.look_for.empty());
    CHECK(!f.subject.empty());
    CHECK(f.question.ends_with("?"));
    CHECK(f.importance.ends_with("."));
    CHECK(f.look_for.ends_with("."));
    CHECK(f.priority >= 1);
    CHECK(f.priority <= 10);
    CHECK((domain.starts_with("task:") ||
           std::find(kDomains.begin(), kDomains.end(), std::string(f.domain)) != kDomains.end()));
    if (!f.drill.empty()) {
      CHECK(f.drill_on != TermKind::none);
      CHECK(f.drill.find("{term}") != std::string_view::npos);
      CHECK(f.drill.ends_with("?"));
    }
    CHECK(find_facet(f.id) == &f);
    // `not_for` names domains, tasks as "task:<type>", "about:child", "about:relative", "about:self",
    // "about:animal" or "about:product".
    for (std::string_view rest = f.not_for; !rest.empty();) {
      const auto comma = std::min(rest.find(','), rest.size());
      std::string name(rest.substr(0, comma));
      name.erase(0, name.find_first_not_of(' '));
      CAPTURE(name);
      const bool task = name.starts_with("task:") &&
                        std::any_of(facets.begin(), facets.end(), [&](const Facet& g) { return g.domain == name; });
      CHECK((task || name == "about:child" || name == "about:relative" || name == "about:self" ||
             name == "about:animal" || name == "about:product" ||
             std::find(kDomains.begin(), kDomains.end(), name) != kDomains.end()));
      rest = comma < rest.size() ? rest.substr(comma + 1) : std::string_view{};
    }
  }
  CHECK(find_facet("no.such.facet") == nullptr);
}

TEST_CASE("catalogue: every domain has enough facets, and a theme twice only as a triggered alternative") {
  std::map<std::string, int> per_domain;
  // Facets of one domain sharing a theme are alternatives: one is asked. All
  // but one of them must have triggers, or the choice would be arbitrary.
  std::map<std::pair<std::string, std::string>, int> untriggered, sharing;
  for (const auto& f : facet_catalogue()) {
    ++per_domain[std::string(f.domain)];
    if (!f.theme.empty()) {
      const std::pair<std::string, std::string> key{std::string(f.domain), std::string(f.theme)};
      ++sharing[key];
      if (f.triggers.empty()) ++untriggered[key];
    }
  }
  for (const auto& [key, count] : sharing) {
    CAPTURE(key.first);
    CAPTURE(key.second);
    CHECK(untriggered[key] <= 1);
  }
  for (const auto& d : kDomains) {
    CAPTURE(d);
    CHECK(per_domain[d] >= 6);
  }
}

TEST_CASE("catalogue: no two facets in one domain are worded alike") {
  const auto& facets = facet_catalogue();
  for (std::size_t i = 0; i < facets.size(); ++i) {
    for (std::size_t k = i + 1; k < facets.size(); ++k) {
      if (facets[i].domain != facets[k].domain) continue;
      CAPTURE(facets[i].id);
      CAPTURE(facets[k].id);
      CHECK(wording_similarity(facets[i].question, facets[k].question) < 0.4);
    }
  }
}

TEST_CASE("keyword lists: words, prefixes and phrases") {
  const KeywordList list("budget, spend*, out of pocket");
  const TokenIndex spent({"We are spending a lot"});
  const TokenIndex pocket({"about 500 out of pocket"});
  const TokenIndex neither({"out of the pocket money"});
  CHECK(list.found_in(spent));
  CHECK(list.found_in(pocket));
  CHECK(!list.found_in(neither));
  const std::vector<std::string> words = {"the", "budget", "is"};
  CHECK(list.match_at(words, 1) == 1);
  CHECK(list.match_at(words, 0) == 0);
}

// ------------------------------------------------------------------ topic phrase

TEST_CASE("topic phrases read naturally inside a question") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"Plan a two-week trip to Japan in April", "your trip to Japan"},
      {"Help me buy a new laptop for video editing", "the new laptop for video editing"},
      {"I want to learn Spanish", "learning Spanish"},
      {"We need to hire a senior backend engineer.", "the senior backend engineer role"},
      {"Travel insurance for my trip to Peru", "your travel insurance for your trip to Peru"},
      {"Can you help me organise my sister's wedding next June?", "your sister's wedding"},
      {"Build a REST API for our inventory system", "the REST API for your inventory system"},
      {"I'm going to Japan in April", "your trip to Japan"},
      {"I\xE2\x80\x99m looking for a good health insurance plan for my family",
       "the health insurance plan for your family"},
      {"Save for retirement", "saving for retirement"},
      {"Research the effects of caffeine on sleep", "your research into the effects of caffeine on sleep"},
      {"We're planning our company offsite for 40 people", "your company offsite"},
      {"Hi! I need help with my back pain", "your back pain"},
      {"Japan trip in April", "your Japan trip"},
      {"Requirements for a mobile app that tracks bakery inventory", "the mobile app"},
      {"My dad needs health insurance", "this"},
      // What is asked about, without whom it is for.
      {"What happens to my pension if I move abroad?", "your pension"},
      {"Which secondary school for our son: the bilingual one or the local comprehensive?", "the secondary school"},
      {"Do I need travel insurance for a three-month trip to South America?", "the travel insurance"},
      // What is cut is the person's own; "how to" after "learn" is kept.
      {"I want to cut my 10-year-old's screen time without daily fights.", "your 10-year-old's screen time"},
      {"I want to learn how to read nutrition research papers critically.",
       "learning to read nutrition research papers critically"},
      {"We have two finalists for an engineering manager role and the panel is split.",
       "the engineering manager role"},
      {"I've been dizzy every afternoon since my doctor switched my tablets.", "your dizziness"},
      // A verb whose object could not be read is never named as a thing.
      {"Help me hire for a role", "this"},
      {"Should we adopt a second dog?", "the second dog"},
      {"Tidy the garage", "this"},
      // A choice named by both its options.
      {"Should I go freelance or take the permanent contract my client offered me?",
       "going freelance or the permanent contract"},
      {"Should we sell the flat or rent it out?", "this"},
      {"My daughter's teacher says she might have dyslexia. What does that mean?", "dyslexia"},
      {"I was diagnosed with coeliac disease last month.", "coeliac disease"},
      {"It might have to wait.", "this"},
      {"It's a performance review I have to write for Mark.", "the performance review"},
      {"His customers like him and two of them wrote to praise him.", "this"},
      {"asdf qwerty", "this"},
      {"", "this"},
  };
  for (const auto& [context, expected] : cases) {
    CAPTURE(context);
    CHECK(topic_phrase(context) == expected);
  }
}

TEST_CASE("subject phrases from statements, questions and possessives later in a sentence") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"Our Postgres replica lags by several minutes every night around 2am.", "your Postgres replica"},
      {"Since we moved to Kubernetes last Tuesday our checkout API returns 502 errors.", "your checkout API"},
      {"Sourdough starter won't rise.", "your sourdough starter"},
      {"Should I accept a job offer in Berlin or stay at my current company?", "the job offer in Berlin"},
      // Who the request is against is not its subject; what they act on is.
      {"A client hasn't paid my invoice for three months.", "your invoice"},
      {"The builder who did our extension left cracks in the walls.", "your extension"},
      {"The airline lost my suitcase and offers only a voucher.", "your suitcase"},
      {"I want to write a short story about a lighthouse keeper for a competition.",
       "the short story about a lighthouse keeper"},
      {"I need to write a best man speech for my brother's wedding in June.",
       "the best man speech for your brother's wedding"},
      {"Plan a 10-day trip to Japan with two kids in April.", "your trip to Japan"},
      {"Which e-bike should I buy for a 15 km commute?", "the e-bike"},
      {"My doctor said my LDL cholesterol is 4.2 mmol/L.", "your LDL cholesterol"},
      {"Why does bread dough need to rest?", "the bread dough"},
      {"Spec out a data pipeline that ingests 300 events per second.", "the data pipeline"},
      {"How do I get started with woodworking?", "getting started with woodworking"},
      {"Our team's daily stand-ups take 45 minutes and everyone hates them.", "your team's daily stand-ups"},
      // A person is who the request is about, not its subject.
      {"My dad refuses to see a doctor.", "this"},
  };
  for (const auto& [context, expected] : cases) {
    CAPTURE(context);
    CHECK(topic_phrase(context) == expected);
  }
}

TEST_CASE("a subject's second mention is shorter") {
  CHECK(short_subject("your Postgres replica") == "the replica");
  CHECK(short_subject("going freelance or the permanent contract") == "going freelance or the permanent contract");
  CHECK(short_subject("your trip to Japan") == "your trip");
  CHECK(short_subject("the REST API for booking meeting rooms") == "the REST API");
  CHECK(short_subject("your neighbour's tree roots") == "the tree roots");
  CHECK(short_subject("the MacBook Air") == "the MacBook Air");
  CHECK(short_subject("switching your CI from Jenkins to GitHub Actions") == "switching your CI");
  CHECK(short_subject("your cat") == "your cat");
  CHECK(short_subject("learning Spanish") == "learning Spanish");
}

TEST_CASE("a first batch names the subject, then goes by its short name") {
  const Plan plan = plan_batch({.context = "Our Postgres replica lags by several minutes every night around 2am."});
  int full = 0;
  int short_name = 0;
  for (const auto& q : plan.questions) {
    CAPTURE(q.text);
    check_well_formed(q.text);
    full += contains(q.text, "your Postgres replica") ? 1 : 0;
    short_name += contains(q.text, "the replica") ? 1 : 0;
  }
  CHECK(full == 1);
  CHECK(short_name >= 1);
  CHECK(full + short_name <= 4);
  CHECK(plan.subject == "your Postgres replica");
}

TEST_CASE("naming the subject never changes which facets are asked") {
  // Asked with or without the subject's name, a facet is asked once: after
  // every facet has been asked, nothing is left.
  Conversation c("Our Postgres replica lags every night", 10);
  Plan last;
  for (int i = 0; i < 12 && (i == 0 || last.next_batch_needed); ++i) last = c.next();
  CHECK(plan_batch(c.request()).questions.empty());
}

TEST_CASE("the topic fills questions without echoing the request") {
  Conversation c("Plan a trip to Japan");
  const Plan plan = c.next();
  bool topic_used = false;
  for (const auto& q : plan.questions) {
    CHECK(!contains(q.text, "plan a trip"));
    topic_used = topic_used || contains(q.text, "your trip to Japan");
  }
  CHECK(topic_used);
}

// ------------------------------------------------------------------ relevance

TEST_CASE("a travel context asks travel questions first") {
  const Plan plan = plan_batch({.context = "Plan a two-week trip to Japan in April"});
  REQUIRE(plan.questions.size() == 5);
  CHECK(plan.domains == std::vector<std::string>{"travel"});
  for (const auto& q : plan.questions) {
    CAPTURE(q.text);
    CHECK(of_domain_or_task(plan, q.facet_id, "travel"));
    check_well_formed(q.text);
    CHECK(!q.importance.empty());
    CHECK(!q.information_to_look_for.empty());
  }
  // Destination, dates and length are already in the context.
  CHECK(!contains(ids(plan), "travel.destination"));
  CHECK(!contains(ids(plan), "travel.dates"));
  CHECK(!contains(ids(plan), "travel.duration"));
  CHECK(contains(ids(plan), "travel.budget"));
}

TEST_CASE("health insurance is asked about care, other insurance about risks") {
  for (const char* context : {"I need health insurance for me and my two kids",
                              "We want private medical insurance through my employer"}) {
    CAPTURE(context);
    const Plan plan = plan_batch({.context = context});
    CHECK(plan.domains.front() == "insurance");
    CHECK(contains(ids(plan), "insurance.care_needs"));
    CHECK(contains(ids(plan), "insurance.health_cover_level"));
    CHECK(!contains(ids(plan), "insurance.risks"));         // theft, damage, cancellation
    CHECK(!contains(ids(plan), "insurance.cover_amount"));  // the value of what is insured
    CHECK(!contains(ids(plan), "insurance.subject"));       // it said what it insures
  }
  const Plan car = plan_batch({.context = "Find car insurance for my 2015 Golf"});
  CHECK(contains(ids(car), "insurance.risks"));
  CHECK(contains(ids(car), "insurance.cover_amount"));
  CHECK(!contains(ids(car), "insurance.care_needs"));
  CHECK(!contains(ids(car), "insurance.health_cover_level"));
}

TEST_CASE("a domain's facet stays out of a task it reads wrong in") {
  // "Which features are essential for the first version?" of a CI service
  // being chosen, or "What result would make this worthwhile for the
  // business — more sales?" of an unpaid invoice.
  const Plan ci = plan_batch({.context = "Is it worth switching our CI from Jenkins to GitHub Actions?"});
  CHECK(!contains(ids(ci), "software.core_features"));
  const Plan invoice = plan_batch({.context = "A client hasn't paid my invoice for three months."});
  CHECK(!contains(ids(invoice), "business.goal"));
  // Building the software, the same facet is asked.
  const Plan app = plan_batch({.context = "We need an app for booking appointments at our clinic."});
  CHECK(contains(ids(app), "software.core_features"));
  // A dispute about a purchase, a trip or an event asks none of the
  // questions that plan one.
  for (const auto& request : {"The shop won't refund the washing machine that arrived broken.",
                              "The airline lost my suitcase and only offers a 50 EUR voucher.",
                              "La tienda no quiere devolverme el dinero de una lavadora que llegó rota."}) {
    PlanRequest r{.context = request, .batch_size = 10};
    for (const auto& q : plan_batch(r).questions) {
      CAPTURE(request);
      CHECK(!q.facet_id.starts_with("purchasing."));
      CHECK(!q.facet_id.starts_with("travel."));
    }
  }
  // A dispute with a recruitment agency is not a hire to plan: no first six
  // months, no salary range, no team to join.
  PlanRequest fee{.context = "A recruitment agency is demanding a placement fee for our new hire. We found her "
                             "ourselves on LinkedIn.",
                  .batch_size = 10};
  for (const auto& q : plan_batch(fee).questions) {
    CHECK(q.facet_id != "hiring.outcomes");
    CHECK(q.facet_id != "hiring.compensation");
    CHECK(q.facet_id != "hiring.team");
  }
  // Handing work over to a team before leave has no budget to ask about.
  PlanRequest handover{.context = "I'm going on parental leave in eight weeks and I manage a team of seven. How do I "
                                  "plan the handover?",
                       .batch_size = 10};
  for (const auto& q : plan_batch(handover).questions) CHECK(q.facet_id != "plan.budget");
  // A change of dog food is no life change: no income, no contract.
  PlanRequest dog{.context = "We want to switch our dog to a new food.", .batch_size = 10};
  for (const auto& q : plan_batch(dog).questions) {
    CHECK(q.facet_id != "change.money");
    CHECK(q.facet_id != "change.arranged");
  }
}

TEST_CASE("a health concern asks its medicines and its history once") {
  Conversation c("I have had headaches for three weeks.");
  int medicines = 0;
  int history = 0;
  for (int batch = 0; batch < 6; ++batch) {
    for (const auto& q : c.next().questions) {
      medicines += q.facet_id == "health.medications" || q.facet_id == "health.medicines_taken" ? 1 : 0;
      history += q.facet_id == "health.history" || q.facet_id == "health.conditions" ? 1 : 0;
    }
  }
  CHECK(medicines == 1);
  CHECK(history == 1);
}

TEST_CASE("a software context asks software questions") {
  const Plan plan = plan_batch({.context = "We want to build a mobile app for booking yoga classes"});
  REQUIRE(!plan.questions.empty());
  CHECK(plan.domains.front() == "software");
  for (const auto& q : plan.questions) CHECK(of_domain_or_task(plan, q.facet_id, "software"));
}

TEST_CASE("each domain is recognised from a typical request") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"Help me choose home insurance for my flat", "insurance"},
      {"We need to hire a senior backend engineer", "hiring"},
      {"I've had headaches and some dizziness for three weeks", "health"},
      {"Help me save for retirement and pay off my debts", "finance"},
      {"Organise my sister's wedding next June", "events"},
      {"I want to learn Spanish before moving to Madrid", "learning"},
      {"Research the effects of caffeine on sleep", "research"},
      {"Help me buy a new laptop", "purchasing"},
      {"Our team's daily stand-ups take 45 minutes and everyone hates them.", "teamwork"},
      {"My team ignores our retrospective actions", "teamwork"},
      {"How do I run better one-to-ones with my direct reports?", "teamwork"},
  };
  for (const auto& [context, domain] : cases) {
    CAPTURE(context);
    const Plan plan = plan_batch({.context = context});
    REQUIRE(!plan.domains.empty());
    CHECK(plan.domains.front() == domain);
    REQUIRE(!plan.questions.empty());
    CHECK(of_domain_or_task(plan, plan.questions.front().facet_id, domain));
  }
}

TEST_CASE("an empty or unknown context is first asked what it is about") {
  for (const std::string context : {"", "asdf qwerty"}) {
    CAPTURE(context);
    const Plan plan = plan_batch({.context = context});
    CHECK(plan.domains == std::vector<std::string>{"generic"});
    REQUIRE(plan.questions.size() == 2);
    CHECK(plan.questions.front().facet_id == "vague.about");
    CHECK(plan.next_batch_needed);
  }
}

TEST_CASE("a mixed context draws from both domains") {
  const Plan plan = plan_batch({.context = "insurance for my trip", .batch_size = 6});
  CHECK(plan.domains == std::vector<std::string>{"insurance", "travel"});
  std::set<std::string> domains;
  for (const auto& q : plan.questions) domains.insert(domain_of(q.facet_id));
  CHECK(domains.count("insurance") == 1);
  CHECK(domains.count("travel") == 1);
  // One budget question, not one per domain.
  int budgets = 0;
  for (const auto& q : plan.questions) budgets += find_facet(q.facet_id)->theme == "budget" ? 1 : 0;
  CHECK(budgets <= 1);
}

TEST_CASE("batch size is honoured and clamped") {
  const std::string context = "Plan a two-week trip to Japan in April";
  CHECK(plan_batch({.context = context, .batch_size = 1}).questions.size() == 1);
  CHECK(plan_batch({.context = context, .batch_size = 3}).questions.size() == 3);
  CHECK(plan_batch({.context = context, .batch_size = 10}).questions.size() == 10);
  CHECK(plan_batch({.context = context, .batch_size = 0}).questions.size() == 1);
  CHECK(plan_batch({.context = context, .batch_size = 50}).questions.size() == 10);
}

TEST_CASE("estimates come from the relevant facets left") {
  const Plan plan = plan_batch({.context = "Help me buy a new laptop"});
  CHECK(plan.remaining_relevant > 0);
  CHECK(plan.next_batch_needed);
  CHECK(plan.total_questions_estimated == 5 + plan.remaining_relevant);

  Conversation c("Help me buy a new laptop", 10);
  Plan last;
  for (int i = 0; i < 10; ++i) {
    last = c.next();
    if (!last.next_batch_needed) break;
  }
  CHECK(!last.next_batch_needed);
  CHECK(last.remaining_relevant == 0);
  CHECK(last.total_questions_estimated == static_cast<int>(c.asked().size()));
  CHECK(plan_batch(c.request()).questions.empty());
}

TEST_CASE("the same request always gives the same plan") {
  Conversation c("Plan a two-week trip to Japan in April");
  c.next([](const PlannedQuestion&, int n) { return n == 2 ? "About $3,000" : "Kyoto and Osaka, not sure"; });
  const Plan a = plan_batch(c.request());
  const Plan b = plan_batch(c.request());
  REQUIRE(a.questions.size() == b.questions.size());
  for (std::size_t i = 0; i < a.questions.size(); ++i) {
    CHECK(a.questions[i].text == b.questions[i].text);
    CHECK(a.questions[i].facet_id == b.questions[i].facet_id);
  }
  CHECK(a.total_questions_estimated == b.total_questions_estimated);
}

// ------------------------------------------------------------------ coverage and repeats

TEST_CASE("an answer that covers a facet stops it being asked") {
  Conversation c("Plan a trip to Portugal");
  const Plan first = c.next();
  REQUIRE(contains(ids(first), "travel.dates"));
  CHECK(contains(ids(plan_batch({.context = "Plan a trip to Portugal", .batch_size = 10})), "travel.budget"));

  // A free-form answer that happens to give the budget and the dates.
  PlanRequest r{.context = "Plan a trip to Portugal", .batch_size = 10};
  r.answers.push_back({std::nullopt, "Our budget is about $3,000 and we're thinking mid-May."});
  const Plan after = plan_batch(r);
  CHECK(!contains(ids(after), "travel.budget"));
  CHECK(!contains(ids(after), "travel.dates"));
  CHECK(!contains(ids(after), "generic.budget"));
  CHECK(!contains(ids(after), "generic.timeline"));
  CHECK(contains(ids(after), "travel.travellers"));
}

TEST_CASE("a tentative answer does not count as covering") {
  PlanRequest r{.context = "Plan a trip to Portugal", .batch_size = 10};
  r.answers.push_back({std::nullopt, "Budget? Not sure."});
  CHECK(contains(ids(plan_batch(r)), "travel.budget"));
}

TEST_CASE("questions asked are never asked again across five batches") {
  for (const std::string context : {"Plan a two-week trip to Japan in April", "", "Help me save for retirement"}) {
    CAPTURE(context);
    Conversation c(context);
    std::set<std::string> facet_ids;
    std::set<std::string> texts;
    for (int batch = 0; batch < 5; ++batch) {
      const Plan plan = c.next([](const PlannedQuestion&, int n) {
        return n % 2 == 0 ? "Roughly $2,000, from mid-May" : "We use Notion for planning";
      });
      for (const auto& q : plan.questions) {
        CAPTURE(q.text);
        CHECK(texts.insert(q.text).second);
        if (find_facet(q.facet_id) != nullptr) CHECK(facet_ids.insert(q.facet_id).second);
      }
    }
  }
}

TEST_CASE("no near-duplicates in 30 questions of any domain") {
  const std::vector<std::string> contexts = {
      "Plan a two-week trip to Japan in April",      "I need home insurance for my flat",
      "Build a mobile app for booking yoga classes", "We need to hire a senior backend engineer",
      "I've had headaches for three weeks",          "Help me save for retirement",
      "Organise my sister's wedding next June",      "I want to learn Spanish",
      "Research the effects of caffeine on sleep",   "Help me buy a new laptop",
      "",
  };
  const std::vector<std::string> places = {"Lisbon", "Kyoto", "Berlin", "Nairobi", "Lima", "Oslo", "Hanoi", "Quito"};
  const std::vector<std::string> tools = {"Notion", "Excel", "Postgres", "Slack", "Jira", "Figma", "Stripe", "Zoom"};
  for (const auto& context : contexts) {
    CAPTURE(context);
    Conversation c(context);
    std::vector<std::string> all;
    for (int batch = 0; batch < 15 && all.size() < 30; ++batch) {
      const Plan plan = c.next([&](const PlannedQuestion&, int n) -> std::string {
        const auto i = static_cast<std::size_t>(n);
        switch (n % 6) {
          case 0: return "About $" + std::to_string(1000 + 250 * n) + " in total.";
          case 1: return "Probably somewhere around " + places[i % places.size()] + ".";
          case 2: return "not sure yet";
          case 3: return "We rely on " + tools[i % tools.size()] + " for most of it.";
          case 4: return "Around " + std::to_string(n + 3) + " people, for " + std::to_string(n % 5 + 2) + " weeks.";
          default: return "Nothing special to add here.";
        }
      });
      if (plan.questions.empty()) break;
      for (const auto& q : plan.questions) {
        check_well_formed(q.text);
        all.push_back(q.text);
      }
    }
    // An empty request has no task or domain: its follow-ups are fewer (no
    // firmness questions about facts), so its conversation is shorter; a
    // health concern asks its medicines and its history once, not in both
    // the domain's and the task's words.
    CHECK(all.size() >= (context.empty() ? 15U : 18U));
    for (std::size_t i = 0; i < all.size(); ++i) {
      for (std::size_t k = i + 1; k < all.size(); ++k) {
        CAPTURE(all[i]);
        CAPTURE(all[k]);
        CHECK(wording_similarity(all[i], all[k]) < kNearDuplicateWording);
      }
    }
  }
}

TEST_CASE("the too_similar veto is honoured") {
  PlanRequest r{.context = "Plan a two-week trip to Japan in April", .batch_size = 10};
  int consulted = 0;
  r.too_similar = [&](std::string_view text) {
    ++consulted;
    return text.find("budget") != std::string_view::npos;
  };
  const Plan plan = plan_batch(r);
  CHECK(consulted > 0);
  CHECK(!plan.questions.empty());
  for (const auto& q : plan.questions) CHECK(!contains(q.text, "budget"));
}

TEST_CASE("wording similarity ignores common words and plurals") {
  CHECK(wording_similarity("What is your budget?", "What's the budget?") == doctest::Approx(1.0));
  CHECK(wording_similarity("How many nights in Kyoto?", "How many night in Kyoto") == doctest::Approx(1.0));
  CHECK(wording_similarity("What is your budget?", "When do you want to travel?") == doctest::Approx(0.0));
}

// ------------------------------------------------------------------ follow-ups

TEST_CASE("follow-ups reuse the person's own words") {
  Conversation c("Plan a two-week trip to Japan in April");
  const Plan first = c.next([](const PlannedQuestion& q, int) -> std::string {
    if (q.facet_id == "travel.budget") return "About $3,000 for the two of us.";
    if (q.facet_id == "travel.interests") return "Kyoto for the temples, and lots of food.";
    return "";
  });
  REQUIRE(contains(ids(first), "travel.budget"));
  REQUIRE(contains(ids(first), "travel.interests"));
  const Plan second = c.next();
  std::string all;
  int drills = 0;
  int fresh = 0;
  for (const auto& q : second.questions) {
    check_well_formed(q.text);
    all += q.text + "\n";
    drills += q.facet_id.starts_with("drill:") ? 1 : 0;
    fresh += find_facet(q.facet_id) != nullptr ? 1 : 0;
  }
  CAPTURE(all);
  CHECK(contains(all, "$3,000"));
  CHECK(contains(all, "Kyoto"));
  CHECK(contains(ids(second), "drill:travel.budget"));
  // The batch mixes follow-ups with new facets.
  CHECK(drills >= 1);
  CHECK(fresh >= 1);
}

TEST_CASE("an amount that began the answer is not capitalised inside a follow-up") {
  Conversation c("Plan a two-week trip to Japan in April");
  c.next([](const PlannedQuestion& q, int) -> std::string {
    return q.facet_id == "travel.travellers" ? "Twelve adults" : "";
  });
  bool drilled = false;
  for (int i = 0; i < 3; ++i) {
    for (const auto& q : c.next().questions) {
      CAPTURE(q.text);
      CHECK(!contains(q.text, "Twelve adults"));
      if (contains(q.text, "twelve adults")) drilled = true;
    }
  }
  CHECK(drilled);
}

TEST_CASE("a small count is a fact, never an estimate to firm up") {
  Conversation c("Plan a two-week trip to Japan in April");
  c.next([](const PlannedQuestion& q, int) -> std::string {
    return q.facet_id == "travel.travellers" ? "Two adults" : "";
  });
  for (int i = 0; i < 3; ++i) {
    for (const auto& q : c.next().questions) {
      CAPTURE(q.text);
      CHECK(!contains(q.text, "two adults a firm"));
    }
  }
}

TEST_CASE("a named tool in a software answer gets a follow-up") {
  Conversation c("Build an internal dashboard for our sales data");
  c.next([](const PlannedQuestion& q, int) -> std::string {
    return q.facet_id.ends_with(".users") ? "About 40 users in the sales team, and we use Postgres today." : "";
  });
  const Plan next = c.next();
  bool postgres = false;
  for (const auto& q : next.questions) postgres = postgres || contains(q.text, "Postgres");
  CHECK(postgres);
}

TEST_CASE("a term is not mistaken for part of an earlier follow-up's wording") {
  // "AWS" appears inside "draws" in an earlier follow-up, but was never followed up.
  PlanRequest r{.context = "Build a web app for our clinic"};
  r.asked.push_back({1, "You mentioned Kyoto — what draws you there, and would you consider alternatives?",
                     "drill:answer"});
  r.asked.push_back({2, std::string(find_facet("software.tech_constraints")->question), "software.tech_constraints"});
  r.answers.push_back({2, "We host everything on AWS."});
  std::string all;
  for (const auto& q : plan_batch(r).questions) all += q.text + "\n";
  CAPTURE(all);
  CHECK(contains(all, "AWS"));
}

TEST_CASE("answers not tied to a question are followed up too") {
  Conversation c("Plan a trip");
  c.next();
  c.answer_freely("We want to see Lisbon and Porto, budget around 2000 euros.");
  const Plan next = c.next();
  std::string all;
  for (const auto& q : next.questions) all += q.text + "\n";
  CAPTURE(all);
  CHECK((contains(all, "Lisbon") || contains(all, "2000 euros")));
}

TEST_CASE("a tentative answer leads to a gentle clarifying question") {
  Conversation c("Plan a two-week trip to Japan in April");
  c.next([](const PlannedQuestion& q, int) -> std::string { return q.facet_id == "travel.budget" ? "not sure yet" : ""; });
  const Plan next = c.next();
  const auto it = std::find_if(next.questions.begin(), next.questions.end(),
                               [](const PlannedQuestion& q) { return q.facet_id == "clarify:travel.budget"; });
  REQUIRE(it != next.questions.end());
  CHECK(contains(it->text, "the budget"));
  check_well_formed(it->text);
  // Asked once, never again.
  for (int i = 0; i < 3; ++i) CHECK(!contains(ids(c.next()), "clarify:travel.budget"));
}

TEST_CASE("conversations end even when every answer brings the same details again") {
  Conversation c("Organise my sister's wedding next June");
  Plan plan;
  int batches = 0;
  do {
    plan = c.next([](const PlannedQuestion&, int n) {
      return "Maybe 120 guests at the Grand Hall in Leeds, about \xC2\xA3" + std::to_string(8000 + n) + ".";
    });
    ++batches;
  } while (plan.next_batch_needed && batches < 30);
  CHECK(batches < 30);
  CHECK(!plan.next_batch_needed);
}


TEST_CASE("the facets left open are the next most relevant, at most five, none asked") {
  const std::string context = "Plan a two-week trip to Japan in April";
  const Plan small = plan_batch({.context = context, .batch_size = 2});
  const Plan large = plan_batch({.context = context, .batch_size = 7});
  REQUIRE(small.open_facets.size() == kMaxOpenFacets);
  // What did not fit in two questions comes next, in rank order.
  for (std::size_t i = 0; i < large.questions.size() - small.questions.size() && i < kMaxOpenFacets; ++i) {
    CHECK(small.open_facets[i].facet_id == large.questions[small.questions.size() + i].facet_id);
  }
  for (const auto& o : small.open_facets) {
    const Facet* f = find_facet(o.facet_id);
    REQUIRE(f != nullptr);
    CHECK(o.subject == f->subject);
    CHECK(o.why == f->importance);
    CHECK_FALSE(contains(ids(small), o.facet_id));
  }
  CHECK(static_cast<int>(small.open_facets.size()) <= small.remaining_relevant);
  CHECK(plan_batch({.context = context, .batch_size = 10}).open_facets.size() <= kMaxOpenFacets);
}

TEST_CASE("a question the person did not follow is asked once more, simply, and never a third time") {
  CHECK(answer_tone("I don't understand this question") == AnswerTone::confused);
  CHECK(answer_tone("What do you mean?") == AnswerTone::confused);
  CHECK(answer_tone("Je ne comprends pas la question.") == AnswerTone::confused);
  CHECK(answer_tone("No entiendo la pregunta.") == AnswerTone::confused);
  CHECK(answer_tone("I understand it takes time, we have two weeks.") == AnswerTone::substantive);

  PlanRequest r{.context = "Our Postgres replica lags by several minutes every night around 2am."};
  int n = 0;
  for (const auto& q : plan_batch(r).questions) r.asked.push_back({++n, q.text, q.facet_id});
  const std::string first_facet = r.asked.front().facet_id;
  r.answers.push_back({1, "I don't understand this question"});
  const Plan second = plan_batch(r);
  REQUIRE(!second.questions.empty());
  CHECK(second.questions.front().facet_id == "reword:" + first_facet);
  CHECK(contains(second.questions.front().text, "another way"));
  check_well_formed(second.questions.front().text);
  for (const auto& q : second.questions) r.asked.push_back({++n, q.text, q.facet_id});
  // Not followed again: dropped, not asked a third time.
  r.answers.push_back({static_cast<int>(r.asked.size()) - static_cast<int>(second.questions.size()) + 1,
                       "Sorry, I still don't understand"});
  for (const auto& q : plan_batch(r).questions) {
    CHECK(q.facet_id != "reword:" + first_facet);
    CHECK(q.facet_id != first_facet);
  }
}
