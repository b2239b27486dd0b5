# Desktop integration and the Debian package: what `cmake --install` adds beside the binary and its data
# (a .desktop entry, the icon, AppStream metainfo, the MIME types of the program's JSON files), and the CPack
# settings for `cpack -G DEB`. The files themselves are in packaging/; tests/desktop_files.sh checks them.

set(PSOAS_APP_ID org.psoasatlas.PsoasAtlas)  # AppStream component id; names the desktop file, icon and MIME XML
set(PSOAS_PACKAGING_DIR ${PROJECT_SOURCE_DIR}/packaging)

install(FILES ${PSOAS_PACKAGING_DIR}/${PSOAS_APP_ID}.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${PSOAS_PACKAGING_DIR}/${PSOAS_APP_ID}.metainfo.xml DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
install(FILES ${PSOAS_PACKAGING_DIR}/${PSOAS_APP_ID}.xml DESTINATION ${CMAKE_INSTALL_DATADIR}/mime/packages)
install(FILES ${PSOAS_PACKAGING_DIR}/${PSOAS_APP_ID}.svg DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)

# Fixed-size PNGs for menus and docks that do not scale SVGs (and look better than a scaled one at 16 px). Made
# from the SVG at build time with rsvg-convert (librsvg2-bin, installed by tools/setup.sh), so no generated
# image is committed; without the tool only the SVG is installed, which every current desktop can show.
# -DPSOAS_PNG_ICONS=OFF builds as a machine without the tool would (tests/desktop_files.sh checks both ways).
option(PSOAS_PNG_ICONS "Make and install PNG icons from the SVG (needs rsvg-convert)" ON)
set(PSOAS_ICON_SIZES 16 32 48 64 128 256 512)
if(PSOAS_PNG_ICONS)
  find_program(PSOAS_RSVG_CONVERT rsvg-convert)
endif()
if(PSOAS_PNG_ICONS AND PSOAS_RSVG_CONVERT)
  set(PSOAS_ICON_PNGS ON)
  set(_pngs)
  foreach(size IN LISTS PSOAS_ICON_SIZES)
    set(_png ${CMAKE_BINARY_DIR}/icons/${size}x${size}/${PSOAS_APP_ID}.png)
    add_custom_command(OUTPUT ${_png}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/icons/${size}x${size}
      COMMAND ${PSOAS_RSVG_CONVERT} --width=${size} --height=${size} --output=${_png} ${PSOAS_PACKAGING_DIR}/${PSOAS_APP_ID}.svg
      DEPENDS ${PSOAS_PACKAGING_DIR}/${PSOAS_APP_ID}.svg
      COMMENT "Icon ${size}x${size} from the SVG" VERBATIM)
    list(APPEND _pngs ${_png})
    install(FILES ${_png} DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps)
  endforeach()
  add_custom_target(psoas_icons ALL DEPENDS ${_pngs})
else()
  set(PSOAS_ICON_PNGS OFF)
  if(PSOAS_PNG_ICONS)
    message(STATUS "rsvg-convert not found (Debian: librsvg2-bin): installing the scalable icon only")
  endif()
endif()

# ---- Debian package: `cpack -G DEB` in the build folder makes psoas-atlas_<version>_<arch>.deb.
set(CPACK_PACKAGE_NAME psoas-atlas)
set(CPACK_GENERATOR DEB)  # what a bare `cpack` makes (instead of self-extracting tarballs)
set(CPACK_PACKAGE_VENDOR "Psoas Atlas contributors")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "interactive 3D atlas of the lumbar spine, pelvis, legs and psoas muscles")
# The extended description: Debian wants it short, wrapped, and not repeating the synopsis.
string(CONCAT CPACK_PACKAGE_DESCRIPTION  # no semicolons: CMake would split the text there
  "Psoas Atlas shows the lumbar spine, pelvis, hip and legs with the psoas major,\n"
  "psoas minor, iliacus and iliopsoas in 3D: turn the model, name each structure,\n"
  "isolate or ghost the deep muscles, paint origins and insertions, cut the model,\n"
  "and make labelled figures from the window or from the command line\n"
  "(psoas-atlas render). Made for learning and teaching, not for diagnosis.")
# No maintainer address is published for the project yet: a cache entry, so a packager sets theirs with
# -DPSOAS_DEB_MAINTAINER="Name <address>" instead of editing this file.
set(PSOAS_DEB_MAINTAINER "Psoas Atlas maintainers <maintainers@psoas-atlas.invalid>" CACHE STRING
  "Maintainer field of the Debian package")
set(CPACK_PACKAGE_CONTACT "${PSOAS_DEB_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${PSOAS_DEB_MAINTAINER}")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # psoas-atlas_0.1.0_amd64.deb, the name apt and the README expect
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Library dependencies come from dpkg-shlibdeps (dpkg-dev) on the installed binary. What it cannot see is
# loaded at run time: libEGL (libglvnd) loads Mesa's EGL vendor library, which libegl1 pulls in, and that
# loads a DRI driver (llvmpipe where there is no GPU) from libgl1-mesa-dri, without which nothing renders.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libgl1-mesa-dri")
# Labels use DejaVu Sans when it is there and ImGui's built-in font otherwise: wanted, not required.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "fonts-dejavu-core")
# shared-mime-info, desktop-file-utils and hicolor-icon-theme refresh their caches through dpkg triggers on
# the folders installed into, so the package needs no maintainer scripts.
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
  OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
include(CPack)
