// MpiSession over OpenMPI. Records travel in the replication-file encoding, so rank 0
// rebuilds exactly the stores a single process would have filled.
#include "sim/experiment/mpi_session.h"

#include <mpi.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <stdexcept>
#include <string>

#include "sim/experiment/replication_file.h"
#include "sim/experiment/sweep_runner.h"

namespace cmsim::experiment {

namespace {

bool launched_by_mpi() {
  for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_SIZE", "PMI_RANK"})
    if (std::getenv(v)) return true;
  return false;
}

constexpr int TAG_SIZE = 1, TAG_DATA = 2;

void send_bytes(const std::string& bytes) {
  const std::uint64_t size = bytes.size();
  MPI_Send(&size, 1, MPI_UINT64_T, 0, TAG_SIZE, MPI_COMM_WORLD);
  for (std::uint64_t off = 0; off < size; off += INT_MAX) {
    const int n = static_cast<int>(std::min<std::uint64_t>(INT_MAX, size - off));
    MPI_Send(bytes.data() + off, n, MPI_CHAR, 0, TAG_DATA, MPI_COMM_WORLD);
  }
}

std::string receive_bytes(int from) {
  std::uint64_t size = 0;
  MPI_Recv(&size, 1, MPI_UINT64_T, from, TAG_SIZE, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  std::string bytes(size, '\0');
  for (std::uint64_t off = 0; off < size; off += INT_MAX) {
    const int n = static_cast<int>(std::min<std::uint64_t>(INT_MAX, size - off));
    MPI_Recv(bytes.data() + off, n, MPI_CHAR, from, TAG_DATA, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  }
  return bytes;
}

void add_records(const std::string& bytes, RunStore& full, int from) {
  if (bytes.empty()) return;  // that rank ran no replication of this arm
  std::istringstream in(bytes);
  read_replications(
      in, "rank " + std::to_string(from),
      [&](const SweepHeader& h) {
        if (const auto diff = full.header().mismatch(h); !diff.empty())
          throw std::runtime_error("rank " + std::to_string(from) + " ran a different sweep (" + diff + ")");
        full.set_layout(h.metrics, h.first_quarter, h.quarters);
      },
      [&](std::uint64_t r, std::span<const double> p, std::span<const double> v) { full.add_values(r, p, v); });
}

}  // namespace

MpiSession::MpiSession() {
  if (!launched_by_mpi()) return;
  int already = 0;
  MPI_Initialized(&already);
  if (!already) {
    MPI_Init(nullptr, nullptr);
    initialised_ = true;
  }
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

MpiSession::~MpiSession() {
  if (initialised_) MPI_Finalize();
}

bool MpiSession::all_ok(bool ok) const {
  if (size_ == 1) return ok;
  int mine = ok ? 1 : 0, all = 0;
  MPI_Allreduce(&mine, &all, 1, MPI_INT, MPI_LAND, MPI_COMM_WORLD);
  return all != 0;
}

std::vector<RunStore> MpiSession::gather(std::vector<RunStore> mine) const {
  if (size_ == 1) return mine;
  if (!is_root()) {
    for (const auto& store : mine) {
      std::ostringstream out;
      if (store.header().has_layout) write_replications(out, store);
      send_bytes(out.str());
    }
    return {};
  }
  std::vector<RunStore> full;
  for (const auto& store : mine) {
    SweepHeader h = store.header();
    full.emplace_back(h, shard_replications(h.runs, 0, 1));
    for (std::size_t s = 0; s < store.replications().size() && h.has_layout; ++s)
      if (store.stored(s)) full.back().add_values(store.replications()[s], store.parameters(s), store.values(s));
  }
  // Ranks in order, arms in order: the same sequence the senders use.
  for (int from = 1; from < size_; ++from)
    for (auto& store : full) add_records(receive_bytes(from), store, from);
  return full;
}

}  // namespace cmsim::experiment
