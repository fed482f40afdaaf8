// The calibration loss: how far the model's Monte Carlo medians lie outside the targets'
// bands, weighted. Zero when every calibration target's p50 is inside its band.
#pragma once

#include <vector>

#include "models/calibration/target.h"

namespace cmsim::calibration {

/// The distance of a value from the target's band, in units of the target's scale:
/// 0 inside [band_low, band_high]; else the gap to the nearer edge divided by the band's
/// width, or by |target| for a point target (zero-width band), or by 1 if that is 0 too.
/// NaN for a NaN value.
double scaled_distance(const Target& target, double value);

/// Share of a must fact's band width, at each end, that the fit treats as outside.
inline constexpr double MUST_BAND_MARGIN = 0.1;

/// Σ weight × d² over the targets that enter the loss (role calibration, weight > 0), d the
/// scaled distance of `p50[i]` (target i's median); for a `must` fact with a band of positive
/// width, d is measured from the inner band (MUST_BAND_MARGIN of the width in from each
/// edge, except an edge at the metric's natural bound: 0, or 1 for a share), still in units
/// of the full band's width. +inf when any of them is NaN, so an
/// optimiser treats a point where the model cannot be evaluated as the worst there is.
double calibration_loss(const TargetSet& targets, const std::vector<double>& p50);

}  // namespace cmsim::calibration
