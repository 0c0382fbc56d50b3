// Queued actions as stored in the outbox (Table::kOutbox, keys.h), until their result is in.
#pragma once

#include <cstdint>
#include <string>

#include "parcours/engine.h"
#include "parcours/error.h"

namespace parcours::engine {

struct OutboxAction {
  std::uint16_t partition = 0;
  std::uint64_t seq = 0;
  ActionRequest request;
};

std::string EncodeAction(const ActionRequest& request);
Result<ActionRequest> DecodeAction(std::string_view bytes);

}  // namespace parcours::engine
