#include "util/least_squares.h"

#include <cassert>
#include <cmath>
#include <limits>

namespace plan {

namespace {

// Clamped into the box.
Eigen::VectorXd Clamp(const Eigen::VectorXd& x, const Eigen::VectorXd& lower,
                      const Eigen::VectorXd& upper) {
  return x.cwiseMax(lower).cwiseMin(upper);
}

class Solver {
 public:
  Solver(const ResidualFunction& f, const Eigen::VectorXd& lower, const Eigen::VectorXd& upper,
         const LeastSquaresOptions& o)
      : f_(f), lower_(lower), upper_(upper), o_(o) {}

  Status Eval(const Eigen::VectorXd& x, Eigen::VectorXd* r) {
    ++evaluations_;
    return f_(x, r);
  }

  // One Levenberg-Marquardt descent from `x`; updates the best point seen.
  Status Descend(Eigen::VectorXd x) {
    x = Clamp(x, lower_, upper_);
    Eigen::VectorXd r;
    PLAN_RETURN_IF_ERROR(Eval(x, &r));
    double err = r.squaredNorm(), mu = o_.initial_damping;
    const Eigen::Index n = x.size();
    for (int iter = 0; iter < o_.max_iterations; ++iter) {
      Eigen::MatrixXd J(r.size(), n);
      for (Eigen::Index k = 0; k < n; ++k) {
        Eigen::VectorXd xh = x;
        const double h =
            x(k) + o_.jacobian_step <= upper_(k) ? o_.jacobian_step : -o_.jacobian_step;
        xh(k) += h;
        Eigen::VectorXd rh;
        PLAN_RETURN_IF_ERROR(Eval(xh, &rh));
        J.col(k) = (rh - r) / h;
      }
      const Eigen::MatrixXd JtJ = J.transpose() * J;
      const Eigen::VectorXd g = J.transpose() * r;
      Eigen::MatrixXd A = JtJ;
      A.diagonal() += mu * JtJ.diagonal().cwiseMax(1e-12);
      const Eigen::VectorXd next = Clamp(x - A.ldlt().solve(g), lower_, upper_);
      Eigen::VectorXd rn;
      PLAN_RETURN_IF_ERROR(Eval(next, &rn));
      const double next_err = rn.squaredNorm();
      if (std::isfinite(next_err) && next_err < err) {
        const bool converged = (next - x).norm() < o_.converged_step;
        x = next, r = rn, err = next_err, mu /= 3;
        if (converged) break;
      } else {
        mu *= 4;
        if (mu > o_.max_damping) break;
      }
    }
    if (err < best_.sum_of_squares) best_.x = x, best_.sum_of_squares = err;
    return Status::Ok();
  }

  LeastSquaresSolution best() {
    best_.evaluations = evaluations_;
    return best_;
  }

 private:
  const ResidualFunction& f_;
  const Eigen::VectorXd& lower_;
  const Eigen::VectorXd& upper_;
  const LeastSquaresOptions& o_;
  int evaluations_ = 0;
  LeastSquaresSolution best_{Eigen::VectorXd(), std::numeric_limits<double>::infinity(), 0};
};

}  // namespace

Result<LeastSquaresSolution> MinimizeLeastSquares(const ResidualFunction& residuals,
                                                  const std::vector<Eigen::VectorXd>& starts,
                                                  const Eigen::VectorXd& lower,
                                                  const Eigen::VectorXd& upper,
                                                  const LeastSquaresOptions& options) {
  assert(!starts.empty() && lower.size() == upper.size());
  Solver solver(residuals, lower, upper, options);
  for (const Eigen::VectorXd& start : starts) {
    assert(start.size() == lower.size());
    PLAN_RETURN_IF_ERROR(solver.Descend(start));
  }
  LeastSquaresSolution best = solver.best();
  if (best.x.size() == 0) return Status::Runtime("least squares: no start gave a finite error");
  return best;
}

}  // namespace plan
