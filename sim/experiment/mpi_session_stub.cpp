// MpiSession when cmsim is built without MPI: one rank, nothing to exchange.
#include "sim/experiment/mpi_session.h"

namespace cmsim::experiment {

MpiSession::MpiSession() = default;
MpiSession::~MpiSession() = default;
bool MpiSession::all_ok(bool ok) const { return ok; }
std::vector<RunStore> MpiSession::gather(std::vector<RunStore> mine) const { return mine; }

}  // namespace cmsim::experiment
