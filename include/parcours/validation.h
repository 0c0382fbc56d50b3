// Validation of a well-formed journey definition (JOURNEY_FORMAT.md, "Well formed, or invalid").
//
// Errors block publishing; warnings do not. Every problem has a stable code, the JSON path and
// the activity id when one is at fault. Error codes:
//   unknown_node            start, next, otherwise, onError or onTimeout names no activity
//   duplicate_id            two activities share an id
//   unreachable_node        an activity no path from `start` reaches
//   cycle                   a path leads back to an activity it came from (journeys are acyclic)
//   bad_duration, bad_time  a duration or time that does not parse, or is not above zero
//   global_timeout_too_long globalTimeout above P91D
//   timeout_too_long        an action's timeout above PT5M
//   bad_percentages         a split's percentages do not add up to 100 (or one is outside 0..100)
//   missing_timeout         a waitForEvent without timeout
//   bad_wait                a wait with none, or more than one, of duration, until, untilExpr
//   no_branches             a condition or split without branches
//   bad_expression, unknown_name, unknown_function, wrong_argument_count, type_mismatch,
//   bad_argument            an expression or template (see parcours/expr.h)
//   unknown_timezone        timezone is not an IANA zone name
//   too_many_nodes          more than 1,000 activities
//   empty_name              the journey's name is empty
//   bad_schedule            schedule.from is not before schedule.until
//   bad_run                 an audience run mixing one-shot and recurring fields, or both
//                           every and cron
//   bad_cron                a cron schedule that does not parse
//   bad_rate                an audience rate not above zero
//   bad_retries             retries below 0 or above 10
//   bad_method              a webhook method other than GET, POST, PUT, PATCH, DELETE
//   bad_url                 a webhook URL that is not http:// or https://
//   bad_attribute           updateProfile sets `id` (reserved) or an empty name
//   bad_id                  a jump or audience id that breaks the id rule
//   missing_event           an empty event type (entry, exit rule or waitForEvent)
// Warning codes:
//   no_otherwise            a condition without otherwise: profiles matching no branch end there
//   wait_exceeds_global_timeout  a wait or timeout longer than the global timeout
//   unreachable_end         an end tag no path reaches
#pragma once

#include <vector>

#include "parcours/error.h"
#include "parcours/journey.h"

namespace parcours {

struct ValidationReport {
  std::vector<Problem> errors;
  std::vector<Problem> warnings;

  bool valid() const { return errors.empty(); }
};

// Checks a (normalized or not) definition. Pure; never throws.
ValidationReport Validate(const JourneyDefinition& definition);

}  // namespace parcours
