// Helpers shared by the tests: the default pipeline over the project's
// data/, and running it on a text.
#pragma once

#include <string>

#include "doc/document.h"
#include "pipeline/pipeline.h"

namespace vigie::testing {

Config TestConfig();

// The default pipeline, built once per test binary.
Pipeline& DefaultPipeline();

// A plain-text article through the default pipeline; fails the test on a
// pipeline error unless expect_ok is false.
Document Process(const std::string& text, const std::string& lang = "",
                 const std::string& published = "", bool expect_ok = true);

// All lines of a file.
std::string Slurp(const std::string& path);

}  // namespace vigie::testing
