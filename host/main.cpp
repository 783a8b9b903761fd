// switchboard: parse the command line and run the server application.
#include "app/SwitchboardApp.hpp"

int main(int argc, char** argv) {
  sb::app::SwitchboardApp app;
  return app.run(argc, argv);
}
