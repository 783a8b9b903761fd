# find_package(SwitchboardSDK): the SwitchboardSDK::sdk target (headers) and
# switchboard_add_plugin(). Nothing to link: the SDK is header-only.
include("${CMAKE_CURRENT_LIST_DIR}/SwitchboardSDKTargets.cmake")
include("${CMAKE_CURRENT_LIST_DIR}/SwitchboardPlugin.cmake")
