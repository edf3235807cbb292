#include <cmath>
#include <utility>
#include <vector>

#include "GalleryMaterials.h"
#include "Noise.h"
#include "Surfaces.h"

namespace docent::tools {

namespace {

// Texture sizes, in pixels per side: large enough to read from a bench, small enough to keep
// the .glb to a few megabytes.
constexpr int kParquetPixels = 768; // 2 mm a texel: the joints stay crisp
constexpr int kParquetRoughnessPixels = 256;
constexpr int kStoneFloorPixels = 1024;
constexpr int kStoneFloorRoughnessPixels = 256;
constexpr int kAshlarPixels = 512;
constexpr int kBronzePixels = 256;
constexpr int kPlasterPixels = 512;
constexpr int kMarblePixels = 512;
constexpr int kGildingWidth = 512;
constexpr int kGildingHeight = 128;
constexpr int kVasePixels = 512;
constexpr float kVaseAspect = 1.7f; // belly circumference over height of the vase

float toLinear(float c) {
    return c <= 0.04045f ? c / 12.92f : std::pow((c + 0.055f) / 1.055f, 2.4f);
}

engine::Image downsample(const engine::Image& image, int size) {
    // Box filter from a square power-of-two image to a smaller one.
    engine::Image out;
    out.width = size;
    out.height = size;
    out.pixels.resize(static_cast<std::size_t>(size) * static_cast<std::size_t>(size) * 4);
    const int factor = image.width / size;
    for (int y = 0; y < size; ++y) {
        for (int x = 0; x < size; ++x) {
            for (int channel = 0; channel < 4; ++channel) {
                int sum = 0;
                for (int dy = 0; dy < factor; ++dy) {
                    for (int dx = 0; dx < factor; ++dx) {
                        const std::size_t i = (static_cast<std::size_t>(y * factor + dy) *
                                                   static_cast<std::size_t>(image.width) +
                                               static_cast<std::size_t>(x * factor + dx)) *
                                                  4 +
                                              static_cast<std::size_t>(channel);
                        sum += image.pixels[i];
                    }
                }
                out.pixels[(static_cast<std::size_t>(y) * static_cast<std::size_t>(size) +
                            static_cast<std::size_t>(x)) *
                               4 +
                           static_cast<std::size_t>(channel)] =
                    static_cast<std::uint8_t>(sum / (factor * factor));
            }
        }
    }
    return out;
}

} // namespace

glm::vec4 linearColor(glm::vec3 srgb, float alpha) {
    return glm::vec4(toLinear(srgb.r), toLinear(srgb.g), toLinear(srgb.b), alpha);
}

GalleryMaterials makeGalleryMaterials(Scene& scene) {
    GalleryMaterials m;

    const std::vector<int> parquet =
        scene.addTextures({{"parquet", Wrap::Repeat}, {"parquet-roughness", Wrap::Repeat}}, [] {
            SurfaceImages images = makeParquet(kParquetPixels);
            return std::vector<engine::Image>{
                std::move(images.color),
                downsample(images.metallicRoughness, kParquetRoughnessPixels)};
        });
    Material floor;
    floor.name = "parquet";
    floor.baseColorTexture = parquet[0];
    floor.metallicRoughnessTexture = parquet[1];
    floor.metallic = 1.0f; // scaled by the texture's blue channel, which is 0
    floor.roughness = 1.0f;
    m.parquet = scene.addMaterial(floor);

    // One neutral plaster texture, tinted by each paint's colour factor.
    const int plaster = scene.addTexture(
        "plaster", Wrap::Repeat, [] { return makePlaster(kPlasterPixels, glm::vec3(1.0f)); });
    auto paint = [&](const char* name, glm::vec3 color, float roughness) {
        Material material;
        material.name = name;
        material.baseColor = linearColor(color);
        material.roughness = roughness;
        material.baseColorTexture = plaster;
        return scene.addMaterial(material);
    };
    m.sageWall = paint("sage-wall", rgb(104, 122, 96), 0.85f);        // muted sage green
    m.redWall = paint("red-wall", rgb(118, 32, 30), 0.85f);           // deep Pompeian red
    m.blueGreyWall = paint("blue-grey-wall", rgb(52, 62, 78), 0.85f); // dark slate blue-grey
    m.dadoPaint = paint("dado-paint", rgb(196, 184, 160), 0.7f);      // stone grey
    m.trimPaint = paint("trim-paint", rgb(232, 224, 204), 0.6f);      // warm white
    m.ceilingPaint = paint("ceiling-paint", rgb(236, 232, 220), 0.9f);

    const std::vector<int> stone = scene.addTextures(
        {{"stone-floor", Wrap::Repeat}, {"stone-floor-roughness", Wrap::Repeat}}, [] {
            SurfaceImages images = makeStoneFloor(kStoneFloorPixels);
            return std::vector<engine::Image>{
                std::move(images.color),
                downsample(images.metallicRoughness, kStoneFloorRoughnessPixels)};
        });
    Material stoneFloor;
    stoneFloor.name = "stone-floor";
    stoneFloor.baseColorTexture = stone[0];
    stoneFloor.metallicRoughnessTexture = stone[1];
    stoneFloor.metallic = 1.0f; // scaled by the texture's blue channel, which is 0
    stoneFloor.roughness = 1.0f;
    m.stoneFloor = scene.addMaterial(stoneFloor);

    Material ashlar;
    ashlar.name = "ashlar";
    ashlar.baseColorTexture =
        scene.addTexture("ashlar", Wrap::Repeat, [] { return makeAshlar(kAshlarPixels); });
    ashlar.roughness = 0.8f;
    m.ashlar = scene.addMaterial(ashlar);

    const int marble =
        scene.addTexture("marble", Wrap::Repeat, [] { return makeMarble(kMarblePixels); });
    Material white;
    white.name = "white-marble";
    white.baseColorTexture = marble;
    white.roughness = 0.25f;
    m.whiteMarble = scene.addMaterial(white);
    Material dark = white;
    dark.name = "dark-marble";
    dark.baseColor = linearColor(rgb(70, 74, 70)); // the same veining, in a green-grey stone
    dark.roughness = 0.2f;
    m.darkMarble = scene.addMaterial(dark);
    Material siena = white;
    siena.name = "siena-marble";
    siena.baseColor = linearColor(rgb(236, 206, 150)); // the veining, in a honey-yellow stone
    siena.roughness = 0.18f;
    m.sienaMarble = scene.addMaterial(siena);

    const std::vector<int> gilding = scene.addTextures(
        {{"gilding", Wrap::Repeat}, {"gilding-metal-roughness", Wrap::Repeat}}, [] {
            SurfaceImages images = makeGilding(kGildingWidth, kGildingHeight);
            return std::vector<engine::Image>{std::move(images.color),
                                              std::move(images.metallicRoughness)};
        });
    Material gold;
    gold.name = "gilding";
    gold.baseColorTexture = gilding[0];
    gold.metallicRoughnessTexture = gilding[1];
    gold.metallic = 0.9f;  // texture 0.92 at best: the leaf is about 0.83 metallic overall
    gold.roughness = 1.0f; // the texture gives 0.3-0.75, about 0.35 on the bare leaf
    m.gilding = scene.addMaterial(gold);

    Material plainGilt;
    plainGilt.name = "plain-gilt";
    plainGilt.baseColor = linearColor(rgb(214, 174, 100));
    plainGilt.metallic = 0.85f;
    plainGilt.roughness = 0.38f;
    m.plainGilt = scene.addMaterial(plainGilt);

    Material ebony;
    ebony.name = "ebony";
    ebony.baseColor = linearColor(rgb(24, 20, 18));
    ebony.roughness = 0.3f; // black lacquer, polished
    m.ebony = scene.addMaterial(ebony);

    Material brass;
    brass.name = "brass";
    brass.baseColor = linearColor(rgb(226, 190, 120));
    brass.metallic = 1.0f;
    brass.roughness = 0.35f;
    m.brass = scene.addMaterial(brass);

    Material glass;
    glass.name = "laylight-glass";
    glass.baseColor = linearColor(rgb(240, 240, 232));
    glass.roughness = 0.5f;
    glass.emissive = glm::vec3(0.95f, 0.94f, 0.88f); // daylight through frosted glass
    m.laylightGlass = scene.addMaterial(glass);

    Material sky;
    sky.name = "skylight-glass";
    sky.baseColor = linearColor(rgb(220, 232, 240));
    sky.roughness = 0.2f;
    sky.emissive = glm::vec3(0.78f, 0.86f, 0.95f); // a bright overcast sky through clear glass
    m.skylightGlass = scene.addMaterial(sky);

    Material iron;
    iron.name = "laylight-iron";
    iron.baseColor = linearColor(rgb(60, 62, 60));
    iron.metallic = 0.7f;
    iron.roughness = 0.5f;
    m.laylightIron = scene.addMaterial(iron);

    Material velvet;
    velvet.name = "velvet";
    velvet.baseColor = linearColor(rgb(86, 22, 30));
    velvet.roughness = 0.95f;
    m.velvet = scene.addMaterial(velvet);

    Material mahogany;
    mahogany.name = "mahogany";
    mahogany.baseColor = linearColor(rgb(74, 36, 22));
    mahogany.roughness = 0.4f;
    m.mahogany = scene.addMaterial(mahogany);

    const std::vector<int> bronze =
        scene.addTextures({{"bronze", Wrap::Repeat}, {"bronze-metal-roughness", Wrap::Repeat}}, [] {
            SurfaceImages images = makeBronze(kBronzePixels);
            return std::vector<engine::Image>{std::move(images.color),
                                              std::move(images.metallicRoughness)};
        });
    Material cast;
    cast.name = "bronze";
    cast.baseColorTexture = bronze[0];
    cast.metallicRoughnessTexture = bronze[1];
    cast.metallic = 1.0f;
    cast.roughness = 1.0f;
    m.bronze = scene.addMaterial(cast);

    const std::vector<int> vase = scene.addTextures(
        {{"vase-glaze", Wrap::Repeat}, {"vase-metal-roughness", Wrap::Repeat}}, [] {
            SurfaceImages images = makeVaseGlaze(kVasePixels, kVasePixels, kVaseAspect);
            return std::vector<engine::Image>{std::move(images.color),
                                              std::move(images.metallicRoughness)};
        });
    Material glaze;
    glaze.name = "vase-glaze";
    glaze.baseColorTexture = vase[0];
    glaze.metallicRoughnessTexture = vase[1];
    glaze.metallic = 1.0f;
    glaze.roughness = 1.0f;
    m.vaseGlaze = scene.addMaterial(glaze);
    return m;
}

} // namespace docent::tools
