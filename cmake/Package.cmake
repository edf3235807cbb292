# Installing docent like a product, and `make package`: a Debian package (CPack) with docent,
# docent-broadcast, the demo scene, the kiosk's systemd user unit, session launcher and example
# config, a .desktop entry, and the licence notices. docs/KIOSK.md describes a venue's set-up.

include(GNUInstallDirs)

install(TARGETS docent docent-broadcast RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(PROGRAMS ${PROJECT_SOURCE_DIR}/deploy/docent-kiosk-session
        DESTINATION ${CMAKE_INSTALL_BINDIR})
# The assembled demo (the generated gallery and broadcast included): docent finds it at
# ../share/docent/scenes/demo from its executable.
install(DIRECTORY ${PROJECT_BINARY_DIR}/scenes/demo/
        DESTINATION ${CMAKE_INSTALL_DATADIR}/docent/scenes/demo)
install(FILES ${PROJECT_SOURCE_DIR}/deploy/docent-kiosk.service
        DESTINATION lib/systemd/user)
install(FILES ${PROJECT_SOURCE_DIR}/deploy/docent.desktop
        DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/LICENSE
              ${PROJECT_SOURCE_DIR}/THIRD_PARTY.md ${PROJECT_SOURCE_DIR}/docs/KIOSK.md
              ${PROJECT_SOURCE_DIR}/deploy/kiosk.example.json
        DESTINATION ${CMAKE_INSTALL_DOCDIR})

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME docent)
set(CPACK_PACKAGE_VENDOR "the docent developers")
set(CPACK_PACKAGE_CONTACT "docent developers <docent@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "a museum's live guided tour inside a 3D reconstruction of the museum")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION graphics)
set(CPACK_DEBIAN_PACKAGE_LICENSE GPL-3+)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://docent.invalid/")
# Shared libraries found by dpkg-shlibdeps; the fonts and tools docent opens at run time named.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "fonts-dejavu-core, fonts-noto-cjk, fontconfig")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "cage, x11-xserver-utils, systemd")
set(CPACK_DEBIAN_COMPRESSION_TYPE gzip)
set(CPACK_STRIP_FILES TRUE) # the debug info stays in the build tree
set(CPACK_PACKAGE_FILE_NAME "docent_${PROJECT_VERSION}_amd64")
include(CPack)
