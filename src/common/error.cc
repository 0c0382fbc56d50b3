#include "parcours/error.h"

namespace parcours {

const char* ErrorKindName(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInvalidArgument:
      return "invalid_argument";
    case ErrorKind::kNotFound:
      return "not_found";
    case ErrorKind::kFailedPrecondition:
      return "failed_precondition";
    case ErrorKind::kInvalidDefinition:
      return "invalid_definition";
    case ErrorKind::kUnavailable:
      return "unavailable";
    case ErrorKind::kInternal:
      return "internal";
    case ErrorKind::kDataLoss:
      return "data_loss";
  }
  return "internal";
}

}  // namespace parcours
