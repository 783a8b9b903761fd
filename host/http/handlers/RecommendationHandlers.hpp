// RecommendationHandlers: serving (/recommendations, /items/{id}/similar), training and
// models (/recommenders...), jobs and experiments. Thin: each parses, calls one service and
// shapes the reply.
#pragma once

#include "http/Router.hpp"

namespace sb::recommend {
class ImpressionLog;
class JobRepository;
class JobRunner;
class ModelService;
class RecommendationService;
class RecommendationSetup;
class TrainingService;
}  // namespace sb::recommend

namespace sb::http {

struct RecommendationApi {
  recommend::RecommendationService& service;
  recommend::TrainingService& training;
  recommend::ModelService& models;
  recommend::JobRepository& jobs;
  recommend::JobRunner& runner;
  recommend::ImpressionLog& impressions;
  const recommend::RecommendationSetup& setup;
};

void addRecommendationRoutes(Router& router, RecommendationApi api);

}  // namespace sb::http
