// The pybind11 bindings of `cmsim._cmsim` (the package cmsim/__init__.py wraps them).
// Thin: argument conversion, the GIL released while the model runs, and InputError
// raised as cmsim.InputError carrying the "file:line:col: key: what" messages.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "cmsim_version.h"
#include "python/workbench.h"
#include "sim/engine/input_error.h"

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
        return cmsim::workbench::sweep(s, settings_of(runs, threads, design, seed));
      },
      py::arg("scenario"), py::arg("runs"), py::arg("threads"), py::arg("design"), py::arg("seed"),
      py::call_guard<py::gil_scoped_release>());
  m.def(
      "compare",
      [](const LoadedScenario& base, const LoadedScenario& alt, std::uint64_t runs, unsigned threads,
         const std::string& design, std::optional<std::uint64_t> seed) {
        return cmsim::workbench::compare(base, alt, settings_of(runs, threads, design, seed));
      },
      py::arg("base"), py::arg("alt"), py::arg("runs"), py::arg("threads"), py::arg("design"), py::arg("seed"),
      py::call_guard<py::gil_scoped_release>());
}
