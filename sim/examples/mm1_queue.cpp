#include "sim/examples/mm1_queue.h"

#include <cmath>
#include <stdexcept>

#include "sim/engine/random_stream.h"
#include "sim/engine/scheduler.h"

namespace cmsim::examples {
namespace {

using engine::RandomStream;
using engine::Scheduler;
using engine::StreamKey;
using engine::Time;

enum Purpose : std::uint32_t { ARRIVALS = 1, SERVICE = 2 };
enum Priority : int { DEPARTURE = 0, ARRIVAL = 1 };

class Mm1 {
 public:
  explicit Mm1(const Mm1Params& p)
      : p_(p),
        arrivals_({p.seed, p.replication, ARRIVALS, 0}),
        services_({p.seed, p.replication, SERVICE, 0}),
        warmup_(Time::from_days(p.warmup_days)),
        horizon_(Time::from_days(p.horizon_days)) {}

  Mm1Result run() {
    schedule_arrival();
    sched_.run_until(horizon_);
    advance(horizon_);
    const double span = static_cast<double>(horizon_.seconds - warmup_.seconds);
    res_.mean_in_system = area_ / span;
    res_.utilisation = busy_ / span;
    res_.events = sched_.executed();
    return res_;
  }

 private:
  // Integrates the number in system over time, counting only time after warm-up.
  void advance(Time t) {
    const std::int64_t from = std::max(last_.seconds, warmup_.seconds);
    if (t.seconds > from) {
      const double dt = static_cast<double>(t.seconds - from);
      area_ += static_cast<double>(in_system_) * dt;
      if (in_system_ > 0) busy_ += dt;
    }
    last_ = t;
  }
  std::int64_t draw_seconds(RandomStream& s, double rate_per_day) {
    return Time::from_days(s.exponential(rate_per_day)).seconds;
  }
  void schedule_arrival() {
    sched_.after(draw_seconds(arrivals_, p_.arrival_rate), ARRIVAL, [this] {
      advance(sched_.now());
      ++res_.arrivals;
      if (++in_system_ == 1) schedule_departure();
      schedule_arrival();
    });
  }
  void schedule_departure() {
    sched_.after(draw_seconds(services_, p_.service_rate), DEPARTURE, [this] {
      advance(sched_.now());
      ++res_.departures;
      if (--in_system_ > 0) schedule_departure();
    });
  }

  Mm1Params p_;
  Scheduler sched_;
  RandomStream arrivals_, services_;
  Time warmup_, horizon_, last_{};
  std::uint64_t in_system_ = 0;
  double area_ = 0, busy_ = 0;
  Mm1Result res_;
};

}  // namespace

Mm1Result run_mm1(const Mm1Params& p) {
  if (!(p.arrival_rate > 0) || !(p.service_rate > 0) || !std::isfinite(p.arrival_rate) ||
      !std::isfinite(p.service_rate))
    throw std::invalid_argument("M/M/1 rates must be finite and > 0");
  if (!(p.horizon_days > p.warmup_days) || !(p.warmup_days >= 0) || p.horizon_days > 1e9)
    throw std::invalid_argument("M/M/1 needs 0 <= warmup < horizon <= 1e9 days");
  return Mm1(p).run();
}

}  // namespace cmsim::examples
