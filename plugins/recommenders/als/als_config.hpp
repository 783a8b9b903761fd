// The als plugin's configuration (schema in als.cpp): the range checks the types cannot
// express, resolved into training options.
#pragma once

#include "als_training.hpp"

#include <switchboard/plugin.hpp>

namespace als {

// Reads and checks the config; throws switchboard::InvalidConfig saying what to fix.
// `threads: 0` becomes the machine's hardware concurrency.
TrainingOptions readSettings(const switchboard::Config& config);

}  // namespace als
