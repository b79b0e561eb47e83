// Words the benchmarks fill planning-application records with: the store and export
// benchmarks draw from the same lists, so their records look alike.
#pragma once

#include <array>

namespace formwork::bench {

constexpr std::array<const char*, 16> streets{"Mill Lane",     "Church Street", "High Street",  "Station Road",
                                              "Victoria Road", "Green Lane",    "Manor Road",   "Park Avenue",
                                              "Kings Road",    "Queens Road",   "New Road",     "School Lane",
                                              "The Crescent",  "Grange Road",   "Chapel Street", "Orchard Close"};
constexpr std::array<const char*, 10> applicants{"Ann Patel",    "Brian Okafor", "Carol Hughes", "David Singh",
                                                 "Emma Clarke",  "Farid Khan",   "Grace Lewis",  "Harry Wood",
                                                 "Isla Morgan",  "Jack Evans"};
constexpr std::array<const char*, 8> works{"Single-storey rear extension",
                                           "Change of use from office to residential",
                                           "Two-storey side extension",
                                           "Loft conversion with rear dormer",
                                           "Replacement windows and doors",
                                           "Detached garage",
                                           "Felling of one oak tree (TPO)",
                                           "New vehicular access"};

}  // namespace formwork::bench
