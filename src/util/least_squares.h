// Box-constrained nonlinear least squares: Levenberg-Marquardt with a numerical Jacobian, run
// from several starting points. Shared by `plan calibrate` (probe/calibrate_roofline.cc) and the
// evidence fits of `plan fidelity --fit` (fidelity/pair_fit.cc).
#pragma once

#include <Eigen/Dense>
#include <functional>
#include <vector>

#include "util/status.h"

namespace plan {

// Residuals at a point; their sum of squares is minimised. A non-ok Status stops the solver.
using ResidualFunction = std::function<Status(const Eigen::VectorXd& x, Eigen::VectorXd* r)>;

struct LeastSquaresOptions {
  int max_iterations = 100;
  double jacobian_step = 1e-6;   // forward difference, in the parameter's own unit
  double converged_step = 1e-9;  // stop when an accepted step is shorter than this
  double initial_damping = 1e-3;
  double max_damping = 1e8;  // give up on a start when the damping grows past this
};

struct LeastSquaresSolution {
  Eigen::VectorXd x;
  double sum_of_squares = 0;
  int evaluations = 0;
};

// Levenberg-Marquardt from each start, the box [lower, upper] enforced by clamping; the best
// point over all starts. REQUIRES: starts non-empty, every vector the same size.
Result<LeastSquaresSolution> MinimizeLeastSquares(const ResidualFunction& residuals,
                                                  const std::vector<Eigen::VectorXd>& starts,
                                                  const Eigen::VectorXd& lower,
                                                  const Eigen::VectorXd& upper,
                                                  const LeastSquaresOptions& options = {});

}  // namespace plan
