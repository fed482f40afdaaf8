// The pybind11 bindings of `cmsim._cmsim` (the package cmsim/__init__.py wraps them).
// Thin: argument conversion, the GIL released while the model runs (Ctrl-C still stops
// a long call: interruptible()), and InputError raised as cmsim.InputError carrying the
// "file:line:col: key: what" messages.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

#include "cmsim_version.h"
#include "python/workbench.h"
#include "sim/cli/cli.h"
#include "sim/engine/input_error.h"
#include "sim/experiment/design_kind.h"

namespace py = pybind11;
using cmsim::workbench::ExperimentSettings;
using cmsim::workbench::LoadedScenario;

namespace {

std::vector<cmsim::scenario::Override> overrides_of(const std::vector<std::pair<std::string, std::string>>& sets) {
  std::vector<cmsim::scenario::Override> out;
  for (const auto& [key, value] : sets) out.push_back(cmsim::scenario::parse_override(key + "=" + value));
  return out;
}

ExperimentSettings settings_of(std::uint64_t runs, unsigned threads, const std::string& design,
                               std::optional<std::uint64_t> seed) {
  ExperimentSettings s;
  s.runs = runs;
  s.threads = threads;
  s.design = design;
  s.seed = seed;
  return s;
}

ExperimentSettings threads_only(unsigned threads) { return settings_of(1, threads, "random", std::nullopt); }

// Runs `work(settings)` on a thread of its own while the caller's thread waits with the GIL
// released, taking it back every 50 ms to check for signals: PyErr_CheckSignals runs Python's
// SIGINT handler (in the main thread), which sets KeyboardInterrupt. Then the work is asked
// to stop (settings.stop_requested: the replications running finish, no new one starts),
// and once it has, KeyboardInterrupt propagates. The worker threads never touch Python.
template <class R>
R interruptible(ExperimentSettings settings, const std::function<R(const ExperimentSettings&)>& work) {
  auto stop = std::make_shared<std::atomic<bool>>(false);
  settings.stop_requested = [stop] { return stop->load(); };
  std::packaged_task<R()> task([&] { return work(settings); });
  std::future<R> result = task.get_future();
  bool interrupted = false;
  {
    py::gil_scoped_release release;
    std::thread worker(std::move(task));
    while (result.wait_for(std::chrono::milliseconds(50)) != std::future_status::ready) {
      if (interrupted) continue;
      py::gil_scoped_acquire acquire;
      if (PyErr_CheckSignals() != 0) interrupted = true, stop->store(true);
    }
    worker.join();
  }
  if (interrupted) throw py::error_already_set();  // the KeyboardInterrupt (or the handler's exception)
  return result.get();                             // or what the work threw
}

using cmsim::workbench::Tables;

std::optional<cmsim::experiment::DesignKind> design_of(const std::optional<std::string>& name) {
  if (!name) return std::nullopt;
  const auto kind = cmsim::experiment::design_kind_from_string(*name);
  if (!kind) throw std::invalid_argument("design: expected one of random, lhs, sobol; got \"" + *name + "\"");
  return kind;
}

}  // namespace

PYBIND11_MODULE(_cmsim, m) {
  m.doc() = "cmsim's C++ core; use the package `cmsim` (docs/python.md)";
  m.attr("__version__") = CMSIM_VERSION;
  static py::exception<cmsim::engine::InputError> input_error(m, "InputError", PyExc_ValueError);
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const cmsim::engine::InputError& e) {
      input_error(e.what());
    } catch (const cmsim::cli::UsageError& e) {  // a bad argument, named as the CLI's option
      PyErr_SetString(PyExc_ValueError, e.what());
    } catch (const cmsim::workbench::Interrupted&) {
      PyErr_SetNone(PyExc_KeyboardInterrupt);
    }
  });

  py::class_<LoadedScenario>(m, "Scenario")
      .def_property_readonly("path", [](const LoadedScenario& s) { return s.path; })
      .def_property_readonly("files", [](const LoadedScenario& s) { return s.files; })
      .def_property_readonly("name", [](const LoadedScenario& s) { return s.scenario.name; })
      .def_property_readonly("description", [](const LoadedScenario& s) { return s.scenario.description; })
      .def_property(
          "seed", [](const LoadedScenario& s) { return s.scenario.seed; },
          [](LoadedScenario& s, std::uint64_t seed) { s.scenario.seed = seed; })
      .def_property_readonly("start", [](const LoadedScenario& s) { return s.scenario.start.iso(); })
      .def_property_readonly("end", [](const LoadedScenario& s) { return s.scenario.end.iso(); })
      .def_property_readonly("sets",
                             [](const LoadedScenario& s) {
                               std::vector<std::pair<std::string, std::string>> out;
                               for (const auto& o : s.overrides) out.emplace_back(o.key_path, o.value);
                               return out;
                             })
      .def_property_readonly("products",
                             [](const LoadedScenario& s) {
                               std::vector<std::string> ids;
                               for (const auto& p : s.scenario.products) ids.push_back(p.id);
                               return ids;
                             })
      .def_property_readonly("events",
                             [](const LoadedScenario& s) {
                               std::vector<std::string> ids;
                               for (const auto& e : s.scenario.events) ids.push_back(e.id);
                               return ids;
                             })
      .def_property_readonly("uncertain",
                             [](const LoadedScenario& s) {
                               std::vector<std::string> paths;
                               for (const auto& u : s.scenario.uncertain) paths.push_back(u.path);
                               return paths;
                             })
      .def_property_readonly("parameters", &cmsim::workbench::parameters);

  m.def(
      "load_scenario",
      [](const std::string& path, const std::vector<std::pair<std::string, std::string>>& sets) {
        return cmsim::workbench::load(path, overrides_of(sets));
      },
      py::arg("path"), py::arg("sets"), py::call_guard<py::gil_scoped_release>());
  m.def("validate", &cmsim::workbench::validate, py::arg("scenario"), py::call_guard<py::gil_scoped_release>());
  m.def("run", &cmsim::workbench::run, py::arg("scenario"), py::arg("replication"), py::arg("seed"), py::arg("sample"),
        py::call_guard<py::gil_scoped_release>());
  m.def(
      "sweep",
      [](const LoadedScenario& s, std::uint64_t runs, unsigned threads, const std::string& design,
         std::optional<std::uint64_t> seed) {
        return interruptible<Tables>(settings_of(runs, threads, design, seed),
                                     [&](const ExperimentSettings& e) { return cmsim::workbench::sweep(s, e); });
      },
      py::arg("scenario"), py::arg("runs"), py::arg("threads"), py::arg("design"), py::arg("seed"));
  m.def(
      "compare",
      [](const LoadedScenario& base, const LoadedScenario& alt, std::uint64_t runs, unsigned threads,
         const std::string& design, std::optional<std::uint64_t> seed) {
        return interruptible<Tables>(settings_of(runs, threads, design, seed), [&](const ExperimentSettings& e) {
          return cmsim::workbench::compare(base, alt, e);
        });
      },
      py::arg("base"), py::arg("alt"), py::arg("runs"), py::arg("threads"), py::arg("design"), py::arg("seed"));
  m.def(
      "experiment",
      [](const std::string& path, std::optional<std::string> text, const std::string& dir,
         const std::vector<std::string>& sets, std::optional<std::uint64_t> seed, unsigned threads) {
        cmsim::cli::ExperimentRequest rq;
        rq.path = path, rq.text = std::move(text), rq.dir = dir, rq.sets = sets, rq.seed = seed;
        return interruptible<Tables>(threads_only(threads),
                                     [&](const ExperimentSettings& e) { return cmsim::workbench::experiment(rq, e); });
      },
      py::arg("path"), py::arg("text"), py::arg("dir"), py::arg("sets"), py::arg("seed"), py::arg("threads"));
  m.def(
      "sensitivity",
      [](const std::string& path, const std::string& method, const std::vector<std::string>& outcomes,
         std::uint64_t runs, std::optional<std::uint64_t> levels, std::uint64_t resamples,
         const std::optional<std::string>& design, const std::vector<std::string>& sets,
         std::optional<std::uint64_t> seed, unsigned threads) {
        cmsim::cli::SensitivityRequest rq;
        rq.path = path, rq.method = method, rq.outcomes = outcomes, rq.runs = runs, rq.levels = levels;
        rq.resamples = resamples, rq.design = design_of(design), rq.sets = sets, rq.seed = seed;
        return interruptible<Tables>(threads_only(threads),
                                     [&](const ExperimentSettings& e) { return cmsim::workbench::sensitivity(rq, e); });
      },
      py::arg("path"), py::arg("method"), py::arg("outcomes"), py::arg("runs"), py::arg("levels"), py::arg("resamples"),
      py::arg("design"), py::arg("sets"), py::arg("seed"), py::arg("threads"));
  m.def(
      "attribute",
      [](const std::string& path, const std::vector<std::string>& events, bool all, const std::string& outcome,
         std::uint64_t runs, std::uint64_t exact_max, const std::vector<std::string>& sets,
         std::optional<std::uint64_t> seed, unsigned threads) {
        cmsim::cli::AttributionRequest rq;
        rq.path = path, rq.events = events, rq.all = all, rq.outcome = outcome, rq.samples = runs;
        rq.exact_max = exact_max, rq.sets = sets, rq.seed = seed;
        return interruptible<Tables>(threads_only(threads),
                                     [&](const ExperimentSettings& e) { return cmsim::workbench::attribute(rq, e); });
      },
      py::arg("path"), py::arg("events"), py::arg("all"), py::arg("outcome"), py::arg("runs"), py::arg("exact_max"),
      py::arg("sets"), py::arg("seed"), py::arg("threads"));
  m.def(
      "discover",
      [](const std::string& source, const std::string& outcome, const std::string& where, const std::string& method,
         const std::vector<std::string>& inputs, double alpha, double min_mass, double threshold, double max_p,
         std::uint64_t resamples, std::uint64_t seed, std::uint64_t max_depth, std::uint64_t min_leaf) {
        cmsim::cli::DiscoveryRequest rq;
        rq.source = source, rq.outcome = outcome, rq.where = where, rq.method = method, rq.inputs = inputs;
        rq.alpha = alpha, rq.min_mass = min_mass, rq.threshold = threshold, rq.max_p = max_p;
        rq.resamples = resamples, rq.seed = seed, rq.max_depth = max_depth, rq.min_leaf = min_leaf;
        return cmsim::workbench::discover(rq);
      },
      py::arg("source"), py::arg("outcome"), py::arg("where"), py::arg("method"), py::arg("inputs"), py::arg("alpha"),
      py::arg("min_mass"), py::arg("threshold"), py::arg("max_p"), py::arg("resamples"), py::arg("seed"),
      py::arg("max_depth"), py::arg("min_leaf"), py::call_guard<py::gil_scoped_release>());
}
