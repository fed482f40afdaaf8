// cmsim executable: a thin wrapper; all logic lives in the libraries and sim/cli/cli.cpp.
#include "sim/cli/cli.h"

int main(int argc, char** argv) { return cmsim::cli::run(argc, argv); }
