// WriteBatch and the counter encoding (parcours/store.h).
#include <cstring>
#include <iterator>
#include <string>

#include "parcours/store.h"
#include "store/store_internal.h"

namespace parcours {

void WriteBatch::Put(Table table, std::string_view key, std::string_view value) {
  ops_.push_back(Op{Kind::kPut, table, std::string(key), std::string(value)});
}

void WriteBatch::Delete(Table table, std::string_view key) {
  ops_.push_back(Op{Kind::kDelete, table, std::string(key), {}});
}

void WriteBatch::Add(Table table, std::string_view key, std::int64_t delta) {
  ops_.push_back(Op{Kind::kAdd, table, std::string(key), {}, delta});
}

void WriteBatch::Append(const WriteBatch& other) {
  if (&other == this) {
    const std::vector<Op> copy = ops_;
    ops_.insert(ops_.end(), copy.begin(), copy.end());
    return;
  }
  ops_.insert(ops_.end(), other.ops_.begin(), other.ops_.end());
}

void WriteBatch::Append(WriteBatch&& other) {
  if (&other == this) {
    Append(static_cast<const WriteBatch&>(other));
    return;
  }
  if (ops_.empty()) {
    ops_ = std::move(other.ops_);
  } else {
    ops_.insert(ops_.end(), std::make_move_iterator(other.ops_.begin()),
                std::make_move_iterator(other.ops_.end()));
  }
  other.ops_.clear();
}

std::string EncodeCounter(std::int64_t value) {
  auto bits = static_cast<std::uint64_t>(value);
  std::string bytes(sizeof bits, '\0');
  for (std::size_t i = 0; i < sizeof bits; ++i) {
    bytes[i] = static_cast<char>(bits & 0xffu);
    bits >>= 8;
  }
  return bytes;
}

Result<std::int64_t> DecodeCounter(std::string_view bytes) {
  if (bytes.size() != sizeof(std::uint64_t)) {
    return Fail(Error::InvalidArgument("a counter is 8 bytes, this value has " +
                                       std::to_string(bytes.size())));
  }
  std::uint64_t bits = 0;
  for (std::size_t i = sizeof bits; i-- > 0;) {
    bits = (bits << 8) | static_cast<unsigned char>(bytes[i]);
  }
  return static_cast<std::int64_t>(bits);
}

namespace store_internal {

std::string AddToCounter(std::optional<std::string_view> existing, std::int64_t delta) {
  if (!existing.has_value()) return EncodeCounter(delta);
  Result<std::int64_t> current = DecodeCounter(*existing);
  if (!current.has_value()) return std::string(*existing);
  // Unsigned arithmetic wraps; signed overflow would be undefined.
  return EncodeCounter(static_cast<std::int64_t>(static_cast<std::uint64_t>(*current) +
                                                 static_cast<std::uint64_t>(delta)));
}

}  // namespace store_internal

}  // namespace parcours
